package io.modelhost.protocols.kserve;

import java.util.List;

/**
 * The caller's models.
 *
 * @param models their names, newest first
 */
record ModelListResponse(List<String> models) {

}
