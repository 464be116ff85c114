package io.modelhost.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelhost.accounts.ActionTaken;
import io.modelhost.accounts.UserId;
import io.modelhost.audit.AuditEntry;
import io.modelhost.audit.AuditQuery;
import io.modelhost.web.ClientAddress;
import io.modelhost.web.RequestIds;
import io.modelhost.web.WebProperties;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.JdkIdGenerator;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

@ExtendWith(OutputCaptureExtension.class)
class ActionRecorderTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456Z");

	private static final UserId ALICE = new UserId("00000000-0000-0000-0000-00000000a11c");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@AfterEach
	void leaveTheRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void recordsWhoWhatWhenAndWhereFromOfTheCurrentRequest() throws Exception {
		DataSource database = database(true);
		AuditStore store = store(database);
		ActionRecorder recorder = recorder(database, store);
		var request = new MockHttpServletRequest("DELETE", "/api/v1/api-keys/k1");
		request.setRemoteAddr("198.51.100.23");
		request.addHeader(RequestIds.HEADER, "req-42");
		request.addHeader("User-Agent", "curl/8.5.0");

		new RequestIds().doFilter(request, new MockHttpServletResponse(), (req, res) -> {
			enter(req);
			recorder.on(new ActionTaken(ALICE, ALICE, "api_key.revoke", "api_key", "k1", Map.of("name", "ci")));
		});

		List<AuditEntry> entries = all(store);
		assertThat(entries).singleElement().satisfies((entry) -> {
			assertThat(entry.at()).isEqualTo(NOW);
			assertThat(entry.actor()).isEqualTo(ALICE);
			assertThat(entry.owner()).isEqualTo(ALICE);
			assertThat(entry.action()).isEqualTo("api_key.revoke");
			assertThat(entry.targetType()).isEqualTo("api_key");
			assertThat(entry.targetId()).isEqualTo("k1");
			assertThat(entry.details()).isEqualTo(Map.of("name", "ci"));
			assertThat(entry.clientAddress()).isEqualTo("198.51.100.23");
			assertThat(entry.requestId()).isEqualTo("req-42");
			assertThat(entry.userAgent()).isEqualTo("curl/8.5.0");
			assertThat(UUID.fromString(entry.id())).isNotNull();
		});
		assertThat(this.meters.counter("modelhost.audit.writes", "outcome", "success").count()).isEqualTo(1);
	}

	@Test
	void recordsAnActionOutsideARequestWithoutAddressOrRequestId() {
		DataSource database = database(true);
		AuditStore store = store(database);
		recorder(database, store).on(new ActionTaken(ALICE, null, "user.disable", "user", ALICE.value()));

		assertThat(all(store)).singleElement().satisfies((entry) -> {
			assertThat(entry.owner()).isNull();
			assertThat(entry.clientAddress()).isNull();
			assertThat(entry.requestId()).isNull();
			assertThat(entry.userAgent()).isNull();
			assertThat(entry.details()).isEmpty();
		});
	}

	@Test
	void keepsTheFirst255CharactersOfAUserAgent() {
		DataSource database = database(true);
		AuditStore store = store(database);
		var request = new MockHttpServletRequest();
		request.addHeader("User-Agent", "x".repeat(1000));
		enter(request);
		recorder(database, store).on(new ActionTaken(ALICE, ALICE, "api_key.create", "api_key", "k2"));

		assertThat(all(store).getFirst().userAgent()).hasSize(255);
		assertThat(ActionRecorder.truncated("a".repeat(254) + "😀")).as("never half a surrogate pair")
			.isEqualTo("a".repeat(254));
		assertThat(ActionRecorder.truncated("short")).isEqualTo("short");
	}

	@Test
	void logsAndCountsAFailedWriteWithoutFailingTheAction(CapturedOutput output) {
		// no audit_entry table: every write fails
		DataSource database = database(false);
		ActionRecorder recorder = recorder(database, store(database));

		assertThatNoException()
			.isThrownBy(() -> recorder.on(new ActionTaken(ALICE, ALICE, "api_key.create", "api_key", "k3", Map.of())));

		assertThat(this.meters.counter("modelhost.audit.writes", "outcome", "failure").count()).isEqualTo(1);
		assertThat(this.meters.counter("modelhost.audit.writes", "outcome", "success").count()).isZero();
		assertThat(output.getOut()).contains("Could not write the audit entry").contains("api_key.create");
	}

	private ActionRecorder recorder(DataSource database, AuditStore store) {
		return new ActionRecorder(store, new DataSourceTransactionManager(database), Clock.fixed(NOW, ZoneOffset.UTC),
				new JdkIdGenerator(), new ClientAddress(new WebProperties(null, List.of())), this.meters);
	}

	/** A fresh in-memory database, with the audit table or without. */
	private static DataSource database(boolean migrated) {
		var database = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		if (migrated) {
			new ResourceDatabasePopulator(new ClassPathResource("db/migration/V7__audit_log.sql")).execute(database);
		}
		return database;
	}

	private static AuditStore store(DataSource database) {
		return new AuditStore(JdbcClient.create(database), JsonMapper.builder().build());
	}

	private static List<AuditEntry> all(AuditStore store) {
		return store.find(null, new AuditQuery(null, null, null, null, null, 0, 100)).entries();
	}

	private static void enter(ServletRequest request) {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes((HttpServletRequest) request));
	}

}
