package io.modelhost.runtime;

import io.modelhost.engine.AdmittedModel;
import io.modelhost.engine.FormatClaim;

/**
 * An upload that was recognised and admitted.
 *
 * @param engine the id of the engine that admitted it
 * @param claim what the engine recognised
 * @param model the admitted, loaded model; the receiver owns it
 * @param footprint the memory the loaded model holds
 */
public record Admission(String engine, FormatClaim claim, AdmittedModel model, MemoryFootprint footprint) {

}
