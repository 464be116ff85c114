package io.modelhost.registry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelhost.accounts.Account;
import io.modelhost.accounts.Accounts;
import io.modelhost.accounts.UserId;
import io.modelhost.registry.ShareException.Reason;
import io.modelhost.registry.internal.ModelStore;
import io.modelhost.registry.internal.ModelStore.StoredShare;

import org.springframework.stereotype.Service;

/**
 * Sharing models: the owner alone shares a live model with another user at
 * {@link Permission#VIEW}, {@link Permission#USE} or {@link Permission#EDIT}, changes and
 * revokes shares. Changes take effect at once on this replica (the registry forgets what
 * it looked up about the model).
 */
@Service
public class ModelShares {

	private final ModelRegistry registry;

	private final ModelStore store;

	private final Accounts accounts;

	private final Clock clock;

	ModelShares(ModelRegistry registry, ModelStore store, Accounts accounts, Clock clock) {
		this.registry = registry;
		this.store = store;
		this.accounts = accounts;
		this.clock = clock;
	}

	/**
	 * Who the owner's model is shared with.
	 * @throws ModelNotFoundException if the user cannot see the model
	 * @throws NotPermittedException if the user is not its owner
	 */
	public List<Share> list(UserId owner, ModelId id) {
		this.registry.access(owner, id, Permission.OWNER);
		return this.store.shares(id).stream().flatMap((share) -> share(share).stream()).toList();
	}

	/**
	 * Shares the owner's model with the user who has this email address, if any. The
	 * outcome is the same whether or not an enabled user has the address, and whether or
	 * not the model is shared with them already (the existing share is left as it is):
	 * the owner learns nothing about who is registered. Only sharing with the owner's own
	 * address is refused, which tells the owner nothing they do not know.
	 * @throws ShareException if the address is the owner's own
	 */
	public void share(UserId owner, ModelId id, String email, Permission permission) {
		Model model = this.registry.access(owner, id, Permission.OWNER).model();
		requireGrantable(permission);
		Optional<Account> account = this.accounts.findByEmail(email);
		if (account.isEmpty()) {
			return;
		}
		if (account.get().id().equals(owner)) {
			throw new ShareException(Reason.SELF, "you own this model; share it with someone else");
		}
		if (this.store.insertShare(id, account.get().id(), permission, this.clock.instant())) {
			this.registry.invalidate(id);
			this.registry.audit(owner, model, "share.create",
					Map.of("user_id", account.get().id().value(), "permission", permission.label()));
		}
	}

	/**
	 * Changes what a user the owner's model is shared with may do.
	 * @throws ShareException if the model is not shared with the user
	 */
	public Share update(UserId owner, ModelId id, UserId user, Permission permission) {
		Model model = this.registry.access(owner, id, Permission.OWNER).model();
		requireGrantable(permission);
		if (!this.store.updateShare(id, user, permission, this.clock.instant())) {
			throw notShared();
		}
		this.registry.invalidate(id);
		this.registry.audit(owner, model, "share.update",
				Map.of("user_id", user.value(), "permission", permission.label()));
		return find(id, user);
	}

	/**
	 * Ends a share: the user's next request about the model gets 404.
	 * @throws ShareException if the model is not shared with the user
	 */
	public void revoke(UserId owner, ModelId id, UserId user) {
		Model model = this.registry.access(owner, id, Permission.OWNER).model();
		if (!this.store.deleteShare(id, user)) {
			throw notShared();
		}
		this.registry.invalidate(id);
		this.registry.audit(owner, model, "share.revoke", Map.of("user_id", user.value()));
	}

	/** One page of the live models shared with the user, with what they may do. */
	public SharedModels sharedWith(UserId user, ModelQuery query) {
		ModelPage page = this.store.listSharedWith(user, query);
		Map<ModelId, Permission> permissions = this.store.sharedPermissions(user);
		List<ModelAccess> models = page.models()
			.stream()
			.filter((model) -> permissions.containsKey(model.id()))
			.map((model) -> new ModelAccess(model, permissions.get(model.id())))
			.toList();
		return new SharedModels(models, page.page(), page.size(), page.total());
	}

	private Share find(ModelId id, UserId user) {
		return this.store.shares(id)
			.stream()
			.filter((share) -> share.user().equals(user))
			.findFirst()
			.flatMap(this::share)
			.orElseThrow(ModelShares::notShared);
	}

	private Optional<Share> share(StoredShare stored) {
		return this.accounts.find(stored.user())
			.map((account) -> new Share(stored.user(), account.email(), stored.permission(), stored.createdAt(),
					stored.updatedAt()));
	}

	private static void requireGrantable(Permission permission) {
		if (permission == Permission.OWNER) {
			throw new InvalidModelMetadataException("permission", "permission must be one of view, use, edit");
		}
	}

	private static ShareException notShared() {
		return new ShareException(Reason.NOT_SHARED, "the model is not shared with this user");
	}

	/**
	 * One page of models shared with a user.
	 *
	 * @param models the models with the user's permission
	 * @param page the page number, from 0
	 * @param size the page size asked for
	 * @param total how many models are shared with the user in all
	 */
	public record SharedModels(List<ModelAccess> models, int page, int size, long total) {

	}

}
