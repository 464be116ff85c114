/**
 * The dashboard: server-rendered pages (Thymeleaf, htmx for the live parts) over the same
 * modules as the JSON API: sign-up and sign-in, the models list, upload, a model's page
 * with its endpoint, documentation and test console, and "Export as API". Signed in with
 * a session (form login, CSRF tokens); the JSON API keeps its tokens. Controllers are
 * package-private and answer errors as pages, never as problem details.
 */
@NullMarked
package io.modelhost.dashboard;

import org.jspecify.annotations.NullMarked;
