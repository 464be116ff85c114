/**
 * The contract every engine must meet, as a JUnit suite to extend, and access to the
 * project's fixture models.
 */
@NullMarked
package io.modelhost.engine.testkit;

import org.jspecify.annotations.NullMarked;
