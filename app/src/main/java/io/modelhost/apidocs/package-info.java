/**
 * Documentation of every model's endpoint: a JSON document per model (inputs, examples,
 * snippets) and one OpenAPI operation per model in the caller's API description.
 */
@NullMarked
package io.modelhost.apidocs;

import org.jspecify.annotations.NullMarked;
