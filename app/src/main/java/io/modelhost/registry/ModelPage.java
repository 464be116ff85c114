package io.modelhost.registry;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param models the models on this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many models match in all
 */
public record ModelPage(List<Model> models, int page, int size, long total) {

}
