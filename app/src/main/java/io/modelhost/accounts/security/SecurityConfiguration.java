package io.modelhost.accounts.security;

import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.AccountsProperties;
import io.modelhost.accounts.ApiKeys;
import io.modelhost.accounts.Caller;
import io.modelhost.accounts.Role;
import io.modelhost.accounts.UserId;
import io.modelhost.accounts.internal.BoundedPasswordEncoder;
import io.modelhost.accounts.internal.EnabledUsers;
import io.modelhost.accounts.internal.SigningKey;
import io.modelhost.accounts.internal.UserStore;
import io.modelhost.web.ClientAddress;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Two filter chains: the JSON API (stateless; bearer tokens or API keys) and everything
 * else (the dashboard's pages with a session login, documentation, static files); and a
 * third, narrow one before them, for a signed-in browser reading a model's docs. API keys
 * may call prediction endpoints (batch predictions too) and read model docs; everything
 * else needs an access token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The dashboard's sign-in page; the form posts back to it. */
	static final String LOGIN_PAGE = "/login";

	/**
	 * Where a browser's refused request is forwarded, with status 403: a page of the
	 * dashboard.
	 */
	static final String DENIED_PAGE = "/denied";

	/**
	 * Argon2id at OWASP's minimum: 19 MiB, 2 iterations, 1 lane; at most
	 * {@code modelhost.accounts.hashing-concurrency} at once.
	 */
	@Bean
	BoundedPasswordEncoder passwordEncoder(AccountsProperties properties) {
		return new BoundedPasswordEncoder(new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2),
				properties.hashingPermits(), properties.hashingWait());
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKey key) {
		return NimbusJwtEncoder.withSecretKey(key.key()).algorithm(MacAlgorithm.HS256).build();
	}

	/** Accepts only HS256 tokens this platform issued, for this API, not expired. */
	@Bean
	JwtDecoder jwtDecoder(SigningKey key, AccountsProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key.key()).macAlgorithm(MacAlgorithm.HS256).build();
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<java.util.List<String>>("aud",
				(aud) -> aud != null && aud.contains(Accounts.AUDIENCE));
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(properties.issuer()), audience));
		return decoder;
	}

	/**
	 * A signed-in browser reading a model's docs at their API address (the Docs URL on
	 * the model's page): a GET carrying the session's cookie and no API credentials. The
	 * session's sign-in counts here, read-only (no session is created, none changed);
	 * anything else at that address (API keys, access tokens, no credentials at all) goes
	 * to the JSON API's chain as before. A GET changes nothing, so no CSRF token is
	 * needed.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain sessionDocsChain(HttpSecurity http, EnabledUsers enabledUsers, ProblemSecurityHandlers problems)
			throws Exception {
		var docs = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/v1/models/*/docs");
		http.securityMatcher((request) -> docs.matches(request) && request.getRequestedSessionId() != null
				&& request.getHeader(HttpHeaders.AUTHORIZATION) == null
				&& request.getHeader(ApiKeyAuthenticationFilter.HEADER) == null)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.disable())
			.addFilterAfter(new SessionUserCheck(enabledUsers), SecurityContextHolderFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		return http.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiChain(HttpSecurity http, ApiKeys apiKeys, EnabledUsers enabledUsers,
			AccountsProperties properties, ProblemSecurityHandlers problems) throws Exception {
		http.securityMatcher("/api/**", "/v3/api-docs/**", "/v1/**", "/v2/**", "/actuator/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.anonymous((anonymous) -> {
			})
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.oauth2ResourceServer((server) -> server.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.jwt((jwt) -> jwt.jwtAuthenticationConverter((token) -> caller(token, enabledUsers))))
			.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, enabledUsers, problems),
					BearerTokenAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.POST, "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
						"/api/v1/auth/logout")
				.permitAll()
				.requestMatchers("/v3/api-docs/**")
				.permitAll()
				// anyone may check a bundle the server signed
				.requestMatchers(HttpMethod.GET, "/api/v1/signing-key")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/artifacts/verify")
				.permitAll()
				.requestMatchers("/v2/health/live", "/v2/health/ready", "/actuator/health", "/actuator/health/**",
						"/actuator/info")
				.permitAll()
				.requestMatchers(ScrapeCredentialFilter.PATH)
				.hasAnyAuthority(CallerAuthentication.ADMIN, CallerAuthentication.METRICS)
				.requestMatchers("/actuator/**", "/api/v1/admin/**")
				.hasAuthority(CallerAuthentication.ADMIN)
				.requestMatchers(HttpMethod.POST, "/api/v1/models/*/predict", "/api/v1/models/*/versions/*/predict",
						"/api/v1/models/*/aliases/*/predict", "/api/v1/models/*/invocations")
				.hasAuthority(CallerAuthentication.PREDICT)
				// the standard inference protocols (Open Inference Protocol V2, KServe
				// V1) are for
				// applications: API keys work there
				.requestMatchers("/v2/**", "/v1/**")
				.hasAuthority(CallerAuthentication.PREDICT)
				.requestMatchers(HttpMethod.GET, "/api/v1/models/*/docs")
				.hasAuthority(CallerAuthentication.PREDICT)
				// batch predictions are predictions: API keys may submit and read them
				.requestMatchers("/api/v1/models/*/batch-predictions", "/api/v1/batch-predictions/**")
				.hasAuthority(CallerAuthentication.PREDICT)
				.anyRequest()
				.hasAuthority(CallerAuthentication.MANAGE));
		if (properties.scrapeToken() != null) {
			http.addFilterBefore(new ScrapeCredentialFilter(properties.scrapeToken().value(), problems),
					BearerTokenAuthenticationFilter.class);
		}
		return http.build();
	}

	/**
	 * The caller a valid access token stands for. The database, not the token, says
	 * whether the user is still enabled and whether they are an administrator: a
	 * disabled, deleted or demoted user's token loses its rights on their next request,
	 * and a token issued before the user's password changed stops working (its credential
	 * version is behind).
	 */
	private static CallerAuthentication caller(Jwt token, EnabledUsers enabledUsers) {
		UserId user = new UserId(token.getSubject());
		int version = Accounts.credentialVersion(token.getClaims());
		Role role = enabledUsers.standing(user)
			.filter((standing) -> standing.credentialVersion() == version)
			.map(UserStore.Standing::role)
			.orElseThrow(() -> new InvalidBearerTokenException(
					"the user is disabled or deleted, or their password changed after the token was issued"));
		return CallerAuthentication.of(Caller.withToken(user, role == Role.ADMIN), version);
	}

	/**
	 * Everything outside the JSON API: the dashboard's pages with a session login (form
	 * login at {@code /login}, CSRF tokens on every page POST, sign-out by POST), and the
	 * public rest (sign-up and login pages, static files, WebJars, Swagger UI, errors).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain siteChain(HttpSecurity http, Accounts accounts, EnabledUsers enabledUsers,
			ProblemSecurityHandlers problems, ClientAddress addresses) throws Exception {
		var toLogin = new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE);
		var deniedPage = new AccessDeniedHandlerImpl();
		deniedPage.setErrorPage(DENIED_PAGE);
		http.csrf((csrf) -> csrf
			// the container's error page is dispatched for errors of the API too, whose
			// POSTs carry no CSRF token: the original request was checked by its own
			// chain
			.ignoringRequestMatchers((request) -> request.getDispatcherType() == DispatcherType.ERROR))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
				.sessionFixation((fixation) -> fixation.changeSessionId()))
			.authenticationProvider(new SessionLoginProvider(accounts, addresses))
			.addFilterAfter(new SessionUserCheck(enabledUsers), SecurityContextHolderFilter.class)
			.formLogin((form) -> form.loginPage(LOGIN_PAGE)
				.defaultSuccessUrl("/models")
				.failureHandler((request, response, ex) -> response
					.sendRedirect(request.getContextPath() + LOGIN_PAGE + switch (ex) {
						case SessionLoginProvider.LoginThrottledException throttled ->
							"?throttled=" + Math.max(1, throttled.retryAfter().toSeconds());
						case SessionLoginProvider.LoginBusyException busy -> "?busy";
						default -> "?error";
					}))
				.permitAll())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl(LOGIN_PAGE + "?logout"))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				if (request.getHeader("HX-Request") != null) {
					// an htmx request whose session ended: have htmx load the login page
					response.setHeader("HX-Redirect", request.getContextPath() + LOGIN_PAGE);
					response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
					return;
				}
				toLogin.commence(request, response, ex);
			}).accessDeniedHandler((request, response, ex) -> {
				// a browser (a form posted with an outdated CSRF token, most often after
				// the session ended) gets a page; anything else a problem
				String accept = request.getHeader("Accept");
				if (accept != null && accept.contains("text/html")) {
					deniedPage.handle(request, response, ex);
				}
				else {
					problems.handle(request, response, ex);
				}
			}))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin", "/admin/**")
				.hasAuthority(CallerAuthentication.ADMIN)
				.requestMatchers("/models", "/models/**", "/keys", "/keys/**", "/monitoring", "/monitoring/**",
						"/webhooks", "/webhooks/**", "/datasets", "/datasets/**", "/training/**", "/account",
						"/account/**", "/audit", "/evaluations/**", "/comparisons", "/comparisons/**")
				.authenticated()
				.anyRequest()
				.permitAll());
		return http.build();
	}

}
