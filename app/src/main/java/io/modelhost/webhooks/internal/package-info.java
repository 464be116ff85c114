/** Storage, the address guard, event intake and delivery of webhooks. */
@NullMarked
package io.modelhost.webhooks.internal;

import org.jspecify.annotations.NullMarked;
