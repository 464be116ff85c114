package io.modelhost.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.modelhost.registry.Model;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelStatus;
import io.modelhost.registry.Permission;
import org.jspecify.annotations.Nullable;

/**
 * A model as the pages show it.
 *
 * @param id the model's id
 * @param name its name
 * @param description what it does
 * @param status {@code active}, {@code inactive} or {@code failed}
 * @param statusReason why a failed model fails, or null
 * @param format the served version's format id
 * @param version the served version's number
 * @param createdAt when it was first uploaded
 * @param permission what the user may do: {@code owner}, {@code edit}, {@code use},
 * {@code view}
 */
record ModelRow(String id, String name, String description, String status, @Nullable String statusReason, String format,
		int version, Instant createdAt, String permission) {

	static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	static ModelRow of(ModelAccess access) {
		Model model = access.model();
		String reason = (model.status() == ModelStatus.FAILED)
				? "Its stored file can no longer be loaded. Upload it again as a new version." : null;
		return new ModelRow(model.id().value(), model.name(), model.description(),
				model.status().name().toLowerCase(Locale.ROOT), reason, model.version().format().id(),
				model.version().number(), model.createdAt(), access.permission().label());
	}

	/** When it was created, for reading: minutes, in UTC. */
	public String created() {
		return CREATED.format(this.createdAt);
	}

	public boolean owned() {
		return Permission.OWNER.label().equals(this.permission);
	}

	public boolean active() {
		return "active".equals(this.status);
	}

}
