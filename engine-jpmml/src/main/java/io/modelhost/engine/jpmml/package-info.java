/**
 * The JPMML engine: scikit-learn pickles and joblib files, scanned against an allow-list
 * and converted to PMML without running Python, and PMML documents, all scored by
 * jpmml-evaluator.
 */
@NullMarked
package io.modelhost.engine.jpmml;

import org.jspecify.annotations.NullMarked;
