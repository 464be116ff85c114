package io.modelhost.protocols.web;

import io.modelhost.engine.EngineException;
import io.modelhost.registry.ModelRegistry.ServingTarget;
import io.modelhost.registry.ModelStatus;
import io.modelhost.runtime.InsufficientMemoryException;
import io.modelhost.runtime.ModelLease;
import io.modelhost.runtime.ModelRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Whether a model is ready for inference, as the protocols' readiness endpoints report
 * it: its endpoint is on and its stored file loads. A model not loaded yet is loaded now
 * (as its first prediction would load it), so a missing or corrupt file reports not ready
 * instead of ready followed by failing predictions. Thread-safe: holds no state of its
 * own; the runtime owns the loaded model.
 */
@Component
public class ModelReadiness {

	private static final Logger log = LoggerFactory.getLogger(ModelReadiness.class);

	private final ModelRuntime runtime;

	ModelReadiness(ModelRuntime runtime) {
		this.runtime = runtime;
	}

	/** Whether the target serves now, loading its model if it is not loaded. */
	public boolean ready(ServingTarget target) {
		if (target.status() != ModelStatus.ACTIVE) {
			return false;
		}
		try (ModelLease lease = this.runtime.lease(target.artifact())) {
			return true;
		}
		catch (EngineException | InsufficientMemoryException ex) {
			log.warn("Model {} version {} is not ready: {}", target.id().value(), target.version(), ex.getMessage());
			return false;
		}
		catch (RuntimeException ex) {
			// an engine may also fail untyped, e.g. with an I/O error for a file that
			// vanished: whatever keeps the model from loading makes it not ready
			log.warn("Model {} version {} cannot be loaded", target.id().value(), target.version(), ex);
			return false;
		}
	}

}
