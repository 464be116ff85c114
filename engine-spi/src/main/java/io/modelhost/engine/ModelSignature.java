package io.modelhost.engine;

/**
 * What a model takes and gives. Tabular models take rows of named features; tensor models
 * take named n-dimensional arrays.
 */
public sealed interface ModelSignature permits TabularSignature, TensorSignature {

}
