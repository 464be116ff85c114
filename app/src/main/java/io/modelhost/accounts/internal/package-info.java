/** Persistence and cryptography behind the accounts module. */
@NullMarked
package io.modelhost.accounts.internal;

import org.jspecify.annotations.NullMarked;
