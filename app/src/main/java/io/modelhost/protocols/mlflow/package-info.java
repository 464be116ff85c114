/**
 * MLflow's scoring protocol ({@code mlflow models serve}'s {@code /invocations}):
 * {@code dataframe_split}, {@code dataframe_records}, {@code instances} or {@code inputs}
 * in JSON, or CSV with a header row; answers {@code {"predictions": ...}}, and errors as
 * {@code {"error_code": "BAD_REQUEST", "message": "..."}}.
 */
@NullMarked
package io.modelhost.protocols.mlflow;

import org.jspecify.annotations.NullMarked;
