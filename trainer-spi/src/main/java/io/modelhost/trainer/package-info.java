/**
 * The contract between Modelhost and its trainer families.
 *
 * <p>
 * A trainer is a plain-Java module that takes a dataset and a target
 * ({@link io.modelhost.trainer.TrainingRequest}), searches candidate models with
 * cross-validation, and writes the refitted winner as a standard model file (PMML or
 * ONNX) that one of the platform's engines serves
 * ({@link io.modelhost.trainer.TrainingResult}). Trainers are found with
 * {@link java.util.ServiceLoader} ({@link io.modelhost.trainer.TrainerCatalog}), like
 * engines; a trained model is served through the same admission path as an uploaded one.
 */
@NullMarked
package io.modelhost.trainer;

import org.jspecify.annotations.NullMarked;
