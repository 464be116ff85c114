/**
 * Tabular AutoML: cross-validated search over Tribuo linear models and XGBoost, with the
 * refitted winner and its preprocessing written as PMML for engine-jpmml to serve.
 */
@NullMarked
package io.modelhost.trainer.tabular;

import org.jspecify.annotations.NullMarked;
