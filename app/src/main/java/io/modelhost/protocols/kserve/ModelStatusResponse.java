package io.modelhost.protocols.kserve;

/**
 * A model's status.
 *
 * @param name the model as the request named it
 * @param ready whether it serves
 */
record ModelStatusResponse(String name, boolean ready) {

}
