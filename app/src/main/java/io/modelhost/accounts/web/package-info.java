/** The accounts module's JSON API: registration, login, the current user, API keys. */
@NullMarked
package io.modelhost.accounts.web;

import org.jspecify.annotations.NullMarked;
