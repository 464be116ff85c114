/**
 * The audit log: who did which management action to what, when, and from where. Every
 * {@link io.modelhost.accounts.ActionTaken} that a module publishes becomes an entry once
 * the action has committed; owners read the entries about their things, administrators
 * read them all. Entries are purged after {@code modelhost.audit.retention}.
 */
@NullMarked
package io.modelhost.audit;

import org.jspecify.annotations.NullMarked;
