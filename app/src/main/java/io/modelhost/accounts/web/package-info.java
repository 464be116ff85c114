/**
 * The accounts module's JSON API: registration, login, the current user, API keys, and
 * the administration of users.
 */
@NullMarked
package io.modelhost.accounts.web;

import org.jspecify.annotations.NullMarked;
