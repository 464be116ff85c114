package io.modelhost.audit.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.modelhost.accounts.UserId;
import io.modelhost.audit.AuditEntry;
import io.modelhost.audit.AuditQuery;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

class AuditStoreTests {

	private static final UserId ALICE = new UserId("00000000-0000-0000-0000-00000000a11c");

	private static final UserId BOB = new UserId("00000000-0000-0000-0000-000000000b0b");

	private static final UserId ADMIN = new UserId("00000000-0000-0000-0000-00000000ad01");

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final AuditStore store = new AuditStore(JdbcClient.create(database()), JsonMapper.builder().build());

	@Test
	void showsAUserWhatTheyDidAndWhatWasDoneToTheirThings() {
		this.store.insert(entry(1, ALICE, ALICE, "api_key.create"));
		this.store.insert(entry(2, ADMIN, ALICE, "model.disable"));
		this.store.insert(entry(3, BOB, BOB, "api_key.create"));
		this.store.insert(entry(4, ALICE, null, "user.create"));

		assertThat(this.store.find(ALICE, query(null, null)).entries()).extracting(AuditEntry::action)
			.containsExactly("user.create", "model.disable", "api_key.create");
		assertThat(this.store.find(null, query(null, null)).total()).isEqualTo(4);
		assertThat(this.store.find(null, query(BOB, null)).entries()).extracting(AuditEntry::actor)
			.containsExactly(BOB);
		assertThat(this.store.find(BOB, query(ALICE, null)).total()).as("a user filter never widens the view").isZero();
	}

	@Test
	void treatsTheCharactersOfAnActionPrefixLiterally() {
		this.store.insert(entry(1, ALICE, ALICE, "api_key.create"));
		this.store.insert(entry(2, ALICE, ALICE, "apiXkey.create"));
		this.store.insert(entry(3, ALICE, ALICE, "api_key_extra.create"));

		assertThat(this.store.find(null, query(null, "api_key.")).entries()).extracting(AuditEntry::action)
			.containsExactly("api_key.create");
		assertThat(this.store.find(null, query(null, "api_key")).total()).as("exact without the dot").isZero();
	}

	@Test
	void deletesOnlyEntriesBeforeTheCutoff() {
		this.store.insert(entry(1, ALICE, ALICE, "api_key.create"));
		this.store.insert(entry(2, ALICE, ALICE, "api_key.revoke"));

		assertThat(this.store.deleteBefore(T0.plusSeconds(2))).isEqualTo(1);

		assertThat(this.store.find(null, query(null, null)).entries()).extracting(AuditEntry::action)
			.containsExactly("api_key.revoke");
	}

	private static AuditEntry entry(int second, UserId actor, UserId owner, String action) {
		return new AuditEntry(UUID.randomUUID().toString(), T0.plusSeconds(second), actor, owner, action,
				action.substring(0, action.indexOf('.')), "target-" + second, Map.of("n", Integer.toString(second)),
				null, null, null);
	}

	private static AuditQuery query(UserId user, String action) {
		return new AuditQuery(user, action, null, null, null, 0, 100);
	}

	private static DataSource database() {
		var database = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		new ResourceDatabasePopulator(new ClassPathResource("db/migration/V7__audit_log.sql")).execute(database);
		return database;
	}

}
