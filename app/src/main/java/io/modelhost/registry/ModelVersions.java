package io.modelhost.registry;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.modelhost.accounts.UserId;
import io.modelhost.registry.internal.FileSystemArtifactStore;
import io.modelhost.registry.internal.ModelStore;
import io.modelhost.registry.internal.VersionStore;
import io.modelhost.runtime.ModelRuntime;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a model's versions stand: the alias {@code production} moved by hand (promotion
 * and rollback, checked by the compatibility gate, {@link SchemaChanges}), other aliases
 * ({@code staging}, names the owner chooses), the endpoint's traffic split (canary,
 * shadow), and the deletion of versions. Changes take effect at once on this replica (the
 * registry forgets what it looked up about the model).
 */
@Service
public class ModelVersions {

	private static final Logger log = LoggerFactory.getLogger(ModelVersions.class);

	/** The alias the endpoint serves. */
	public static final String PRODUCTION = "production";

	private static final int MAX_ALIAS = 40;

	private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9-]*");

	private final ModelRegistry registry;

	private final ModelStore models;

	private final VersionStore store;

	private final FileSystemArtifactStore files;

	private final ModelRuntime runtime;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final VersionAdmission admission;

	ModelVersions(ModelRegistry registry, ModelStore models, VersionStore store, FileSystemArtifactStore files,
			ModelRuntime runtime, TransactionTemplate transactions, Clock clock, VersionAdmission admission) {
		this.admission = admission;
		this.registry = registry;
		this.models = models;
		this.store = store;
		this.files = files;
		this.runtime = runtime;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Tries a file as the model's next version without storing anything: admits it (as an
	 * upload would, its example answered) and compares it with what production serves.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws ModelRejectedException if the file is not a model that can be served
	 */
	public VersionCheck checkVersion(UserId user, ModelId id, Upload upload, UploadDeclarations declared) {
		Model model = this.registry.access(user, id, Permission.EDIT).model();
		ModelVersion trial = this.admission.trial(model.owner(), upload, declared, null);
		List<String> differences = SchemaChanges.between(model.version(), trial);
		return new VersionCheck(model, trial, differences, !model.productionPinned() && differences.isEmpty());
	}

	/**
	 * What a file would be as the model's next version.
	 *
	 * @param model the model
	 * @param trial the version it would be (number 0: none is given)
	 * @param differences how its inputs or outputs differ from production's where clients
	 * would notice; empty when compatible
	 * @param wouldServe whether production would move to it at once (compatible, and
	 * production not set by hand)
	 */
	public record VersionCheck(Model model, ModelVersion trial, List<String> differences, boolean wouldServe) {

	}

	/**
	 * A new version as it is stored: marked with how it differs from the one production
	 * serves where its clients would notice, if it does ({@link SchemaChanges}).
	 */
	static ModelVersion compared(ModelVersion served, ModelVersion admitted) {
		List<String> differences = SchemaChanges.between(served, admitted);
		return differences.isEmpty() ? admitted
				: admitted.incompatible(new Incompatibility(served.number(), differences));
	}

	/**
	 * Points the alias {@code production}, and with it the endpoint, at a version:
	 * promotion and rollback. Null lets it follow the newest version again.
	 * @param force whether to move it to a version whose inputs or outputs differ from
	 * the served one's where clients would notice ({@link SchemaChanges})
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws VersionNotFoundException if it has no such version
	 * @throws IncompatibleVersionException if the version differs so and {@code force} is
	 * false
	 */
	public Model setProduction(UserId user, ModelId id, @Nullable Integer version, boolean force) {
		Model current = this.registry.access(user, id, Permission.EDIT).model();
		int target = (version != null) ? version : current.latestVersion();
		ModelVersion candidate = this.models.findVersion(id, target)
			.orElseThrow(() -> new VersionNotFoundException(target))
			.version();
		List<String> differences = SchemaChanges.between(current.version(), candidate);
		if (!differences.isEmpty() && !force) {
			throw new IncompatibleVersionException(target, current.version().number(), differences);
		}
		this.store.setProduction(id, target, version != null, this.clock.instant());
		this.registry.invalidate(id);
		Model updated = this.registry.get(user, id);
		var details = new LinkedHashMap<String, String>();
		details.put("alias", "production");
		details.put("version", Integer.toString(target));
		details.put("from", Integer.toString(current.version().number()));
		details.put("follows_newest", Boolean.toString(version == null));
		if (!differences.isEmpty()) {
			details.put("forced", "true");
		}
		this.registry.audit(user, updated, "model.alias.set", details);
		return updated;
	}

	/**
	 * Deletes a version for good: its files go, it is unloaded, and its number is never
	 * given to another upload (its row stays as a tombstone). Usage records and reports
	 * that name it stay.
	 * @throws ModelNotFoundException if the user cannot see the live model
	 * @throws NotPermittedException if the user is not its owner
	 * @throws VersionNotFoundException if it has no such version
	 * @throws VersionInProductionException if production serves it
	 * @throws VersionInUseException if an alias points to it or the traffic split uses it
	 */
	public void deleteVersion(UserId owner, ModelId id, int number) {
		Model model = this.registry.owned(owner, id);
		String versionId = this.transactions.execute((status) -> {
			this.models.lockForNewVersion(id).orElseThrow(ModelNotFoundException::new);
			ModelVersion version = this.models.findVersion(id, number)
				.orElseThrow(() -> new VersionNotFoundException(number))
				.version();
			requireUnused(id, number);
			return this.store.markVersionDeleted(id, number, this.clock.instant())
				.orElseThrow(() -> new VersionInProductionException(version.number()));
		});
		this.registry.invalidate(id);
		this.runtime.evict(versionId);
		this.files.delete(this.files.versionDirectory(id, number));
		this.registry.audit(owner, model, "model.version.delete", Map.of("version", Integer.toString(number)));
		log.info("Model {} version {} deleted", id, number);
	}

	private void requireUnused(ModelId id, int number) {
		for (Map.Entry<String, Integer> alias : this.store.aliases(id).entrySet()) {
			if (alias.getValue() == number) {
				throw VersionInUseException.alias(number, alias.getKey());
			}
		}
		Optional<Traffic> traffic = this.store.traffic(id);
		if (traffic.isPresent() && Objects.equals(traffic.get().canaryVersion(), number)) {
			throw VersionInUseException.traffic(number, "canary");
		}
		if (traffic.isPresent() && Objects.equals(traffic.get().shadowVersion(), number)) {
			throw VersionInUseException.traffic(number, "shadow");
		}
	}

	/**
	 * The model's aliases and their versions, {@code production} included.
	 * @throws ModelNotFoundException if the user cannot see the model
	 */
	public Map<String, Integer> aliases(UserId user, ModelId id) {
		Model model = this.registry.access(user, id, Permission.VIEW).model();
		return withProduction(model, this.store.aliases(id));
	}

	/**
	 * The aliases of a model the caller has already looked up, {@code production}
	 * included.
	 */
	public Map<String, Integer> aliases(Model model) {
		return withProduction(model, this.store.aliases(model.id()));
	}

	private static Map<String, Integer> withProduction(Model model, Map<String, Integer> others) {
		var aliases = new TreeMap<String, Integer>(others);
		aliases.put(PRODUCTION, model.version().number());
		return aliases;
	}

	/**
	 * Points an alias other than {@code production} (e.g. {@code staging}) at a version,
	 * creating it if need be. Any version may have one, compatible or not: an alias is
	 * called by name, never serves the endpoint.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws InvalidModelMetadataException if the name is not one an alias may have
	 * @throws VersionNotFoundException if it has no such version
	 */
	public Map<String, Integer> setAlias(UserId user, ModelId id, String alias, int version) {
		Model model = this.registry.access(user, id, Permission.EDIT).model();
		String name = aliasName(alias);
		Optional<Integer> before = this.transactions.execute((status) -> {
			this.models.lockForNewVersion(id).orElseThrow(ModelNotFoundException::new);
			this.models.findVersion(id, version).orElseThrow(() -> new VersionNotFoundException(version));
			return this.store.setAlias(id, name, version, this.clock.instant());
		});
		this.registry.invalidate(id);
		var details = new LinkedHashMap<String, String>();
		details.put("alias", name);
		details.put("version", Integer.toString(version));
		before.ifPresent((from) -> details.put("from", Integer.toString(from)));
		this.registry.audit(user, model, "model.alias.set", details);
		return aliases(user, id);
	}

	/**
	 * Deletes an alias other than {@code production}.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws AliasNotFoundException if it has no such alias
	 */
	public void deleteAlias(UserId user, ModelId id, String alias) {
		Model model = this.registry.access(user, id, Permission.EDIT).model();
		int version = this.store.deleteAlias(id, alias).orElseThrow(() -> new AliasNotFoundException(alias));
		this.registry.invalidate(id);
		this.registry.audit(user, model, "model.alias.delete",
				Map.of("alias", alias, "version", Integer.toString(version)));
	}

	/**
	 * The name an alias may have: 1 to 40 lowercase letters, digits and hyphens, not
	 * starting with a hyphen; {@code production} is moved by promotion alone.
	 * @throws InvalidModelMetadataException otherwise
	 */
	static String aliasName(String alias) {
		if (PRODUCTION.equals(alias)) {
			throw new InvalidModelMetadataException("alias",
					"'production' moves by promotion: PUT /api/v1/models/{id}/aliases/production");
		}
		if (alias.isEmpty() || alias.length() > MAX_ALIAS || !ALIAS.matcher(alias).matches()) {
			throw new InvalidModelMetadataException("alias", "an alias is 1 to " + MAX_ALIAS
					+ " lowercase letters, digits and hyphens, not starting with a hyphen");
		}
		return alias;
	}

	/**
	 * The model's traffic split, or empty while production takes every request.
	 * @throws ModelNotFoundException if the user cannot see the model
	 */
	public Optional<Traffic> traffic(UserId user, ModelId id) {
		this.registry.access(user, id, Permission.VIEW);
		return this.store.traffic(id);
	}

	/**
	 * Splits the endpoint's requests between production and a canary version, copies them
	 * to a shadow version, or both. Each version must exist and be compatible with the
	 * one production serves ({@link SchemaChanges}) unless forced.
	 * @param canaryVersion the canary, or null for none
	 * @param canaryPercent its share of requests, 1 to 99 (0 without a canary)
	 * @param shadowVersion the shadow, or null for none
	 * @param sticky whether one API key always reaches the same version
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 * @throws VersionNotFoundException if it has no such version
	 * @throws InvalidTrafficException if the canary or shadow is the version production
	 * serves
	 * @throws IncompatibleVersionException if one differs from production's where its
	 * clients would notice and {@code force} is false
	 */
	public Traffic setTraffic(UserId user, ModelId id, @Nullable Integer canaryVersion, int canaryPercent,
			@Nullable Integer shadowVersion, boolean sticky, boolean force) {
		Model model = this.registry.access(user, id, Permission.EDIT).model();
		var details = new LinkedHashMap<String, String>();
		Traffic traffic = this.transactions.execute((status) -> {
			this.models.lockForNewVersion(id).orElseThrow(ModelNotFoundException::new);
			ModelVersion production = this.models.find(id).orElseThrow(ModelNotFoundException::new).model().version();
			boolean forced = check(id, production, canaryVersion, "/canary/version", force);
			forced |= check(id, production, shadowVersion, "/shadow/version", force);
			var split = new Traffic(canaryVersion, canaryPercent, shadowVersion, sticky, this.clock.instant());
			this.store.setTraffic(id, split);
			details.put("production", production.number() + " (" + split.productionPercent() + "%)");
			if (canaryVersion != null) {
				details.put("canary", canaryVersion + " (" + canaryPercent + "%)");
			}
			if (shadowVersion != null) {
				details.put("shadow", Integer.toString(shadowVersion));
			}
			details.put("sticky", sticky ? Traffic.STICKY_API_KEY : "none");
			if (forced) {
				details.put("forced", "true");
			}
			return split;
		});
		this.registry.invalidate(id);
		this.registry.audit(user, model, "model.traffic.set", details);
		return traffic;
	}

	/** Checks a canary or shadow; returns whether it is let in by force. */
	private boolean check(ModelId id, ModelVersion production, @Nullable Integer version, String pointer,
			boolean force) {
		if (version == null) {
			return false;
		}
		if (version == production.number()) {
			throw new InvalidTrafficException(pointer, "version " + version + " is the one production serves");
		}
		ModelVersion candidate = this.models.findVersion(id, version)
			.orElseThrow(() -> new VersionNotFoundException(version))
			.version();
		List<String> differences = SchemaChanges.between(production, candidate);
		if (!differences.isEmpty() && !force) {
			throw new IncompatibleVersionException(version, production.number(), differences);
		}
		return !differences.isEmpty();
	}

	/**
	 * Sends every request to production again.
	 * @return whether there was a split
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user may not edit it
	 */
	public boolean deleteTraffic(UserId user, ModelId id) {
		Model model = this.registry.access(user, id, Permission.EDIT).model();
		boolean deleted = this.store.deleteTraffic(id);
		this.registry.invalidate(id);
		if (deleted) {
			this.registry.audit(user, model, "model.traffic.delete", Map.of());
		}
		return deleted;
	}

}
