package io.modelhost.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhost.accounts.UserId;
import io.modelhost.monitoring.Alert;
import io.modelhost.monitoring.Alerts;
import io.modelhost.registry.ModelAccess;
import io.modelhost.registry.ModelNotFoundException;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelRegistry;
import io.modelhost.registry.ModelShares;
import io.modelhost.registry.Permission;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * The alerts still open on the models a user owns or that are shared with them: for the
 * header's bell, the monitoring overview and the models list. Counted once per request
 * (kept in a request attribute), since a page may ask twice.
 */
@Component
class OpenAlerts {

	/** As many models as the lists show. */
	private static final int MODELS = 100;

	private static final String ATTRIBUTE = OpenAlerts.class.getName();

	private final ModelRegistry registry;

	private final ModelShares shares;

	private final Alerts alerts;

	OpenAlerts(ModelRegistry registry, ModelShares shares, Alerts alerts) {
		this.registry = registry;
		this.shares = shares;
		this.alerts = alerts;
	}

	/**
	 * The open alerts of each of the user's models that has any, newest first.
	 * @param user the signed-in user
	 * @param request the page's request, where the answer is kept
	 * @return the open alerts by model, in the order of the models' names
	 */
	@SuppressWarnings("unchecked")
	List<ModelAlerts> of(UserId user, HttpServletRequest request) {
		Object kept = request.getAttribute(ATTRIBUTE);
		if (kept instanceof List<?> list) {
			return (List<ModelAlerts>) list;
		}
		var query = new ModelQuery(null, null, null, ModelQuery.Sort.NAME, false, 0, MODELS);
		var models = new ArrayList<ModelAccess>();
		this.registry.list(user, query)
			.models()
			.forEach((model) -> models.add(new ModelAccess(model, Permission.OWNER)));
		models.addAll(this.shares.sharedWith(user, query).models());
		var found = new ArrayList<ModelAlerts>();
		for (ModelAccess access : models) {
			if (access.model().archived()) {
				continue;
			}
			try {
				List<Alert> open = this.alerts.alerts(user, access.model().id(), true);
				if (!open.isEmpty()) {
					found.add(new ModelAlerts(access.model().id().value(), access.model().name(), open));
				}
			}
			catch (ModelNotFoundException ex) {
				// unshared or deleted since it was listed
			}
		}
		request.setAttribute(ATTRIBUTE, List.copyOf(found));
		return found;
	}

	/** How many alerts are open, all models together. */
	int count(UserId user, HttpServletRequest request) {
		return of(user, request).stream().mapToInt((model) -> model.alerts().size()).sum();
	}

	/** How many alerts are open, by model id. */
	Map<String, Integer> countByModel(UserId user, HttpServletRequest request) {
		var counts = new LinkedHashMap<String, Integer>();
		of(user, request).forEach((model) -> counts.put(model.modelId(), model.alerts().size()));
		return counts;
	}

	/**
	 * A model's open alerts.
	 *
	 * @param modelId the model's id
	 * @param name its name
	 * @param alerts its open alerts, newest first
	 */
	record ModelAlerts(String modelId, String name, List<Alert> alerts) {

	}

}
