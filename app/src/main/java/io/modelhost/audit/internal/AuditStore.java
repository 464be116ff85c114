package io.modelhost.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.modelhost.accounts.UserId;
import io.modelhost.audit.AuditEntry;
import io.modelhost.audit.AuditPage;
import io.modelhost.audit.AuditQuery;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Audit entries in the {@code audit_entry} table; details as a JSON object. */
@Repository
public class AuditStore {

	private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	public AuditStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public void insert(AuditEntry entry) {
		this.jdbc.sql("""
				INSERT INTO audit_entry (id, created_at, actor_id, owner_id, action, target_type, target_id, details,
				    client_address, request_id, user_agent)
				VALUES (:id, :at, :actor, :owner, :action, :targetType, :targetId, :details, :clientAddress,
				    :requestId, :userAgent)""")
			.param("id", entry.id())
			.param("at", utc(entry.at()))
			.param("actor", entry.actor().value())
			.param("owner", (entry.owner() != null) ? entry.owner().value() : null, Types.VARCHAR)
			.param("action", entry.action())
			.param("targetType", entry.targetType())
			.param("targetId", entry.targetId())
			// sorted, so that equal details are equal text
			.param("details", this.json.writeValueAsString(new TreeMap<>(entry.details())))
			.param("clientAddress", entry.clientAddress(), Types.VARCHAR)
			.param("requestId", entry.requestId(), Types.VARCHAR)
			.param("userAgent", entry.userAgent(), Types.VARCHAR)
			.update();
	}

	/**
	 * The entries matching the query, newest first.
	 * @param visibleTo if not null, only the entries this user did or owns
	 */
	public AuditPage find(@Nullable UserId visibleTo, AuditQuery query) {
		var where = new StringBuilder(" WHERE 1 = 1");
		var names = new ArrayList<String>();
		var values = new ArrayList<Object>();
		if (visibleTo != null) {
			where.append(" AND (actor_id = :viewer OR owner_id = :viewer)");
			names.add("viewer");
			values.add(visibleTo.value());
		}
		if (query.user() != null) {
			where.append(" AND (actor_id = :user OR owner_id = :user)");
			names.add("user");
			values.add(query.user().value());
		}
		if (query.action() != null) {
			if (query.actionIsPrefix()) {
				where.append(" AND action LIKE :action ESCAPE '\\'");
				values.add(likeEscaped(query.action()) + "%");
			}
			else {
				where.append(" AND action = :action");
				values.add(query.action());
			}
			names.add("action");
		}
		if (query.targetId() != null) {
			where.append(" AND target_id = :targetId");
			names.add("targetId");
			values.add(query.targetId());
		}
		if (query.since() != null) {
			where.append(" AND created_at >= :since");
			names.add("since");
			values.add(utc(query.since()));
		}
		if (query.until() != null) {
			where.append(" AND created_at < :until");
			names.add("until");
			values.add(utc(query.until()));
		}
		JdbcClient.StatementSpec count = this.jdbc.sql("SELECT COUNT(*) FROM audit_entry" + where);
		JdbcClient.StatementSpec page = this.jdbc
			.sql("SELECT * FROM audit_entry" + where + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.param("limit", query.size())
			.param("offset", (long) query.page() * query.size());
		for (int i = 0; i < names.size(); i++) {
			count = count.param(names.get(i), values.get(i));
			page = page.param(names.get(i), values.get(i));
		}
		long total = count.query(Long.class).single();
		List<AuditEntry> entries = page.query((rs, row) -> entry(rs)).list();
		return new AuditPage(entries, query.page(), query.size(), total);
	}

	/**
	 * Deletes the entries recorded before the cutoff.
	 * @return how many were deleted
	 */
	public int deleteBefore(Instant cutoff) {
		return this.jdbc.sql("DELETE FROM audit_entry WHERE created_at < :cutoff")
			.param("cutoff", utc(cutoff))
			.update();
	}

	private AuditEntry entry(ResultSet rs) throws SQLException {
		String owner = rs.getString("owner_id");
		return new AuditEntry(rs.getString("id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				new UserId(rs.getString("actor_id")), (owner != null) ? new UserId(owner) : null,
				rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
				this.json.readValue(rs.getString("details"), DETAILS), rs.getString("client_address"),
				rs.getString("request_id"), rs.getString("user_agent"));
	}

	private static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
