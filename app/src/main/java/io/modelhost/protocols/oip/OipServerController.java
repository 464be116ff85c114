package io.modelhost.protocols.oip;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server's health and metadata. Health is the status alone (200 true, 503 false) with
 * an empty body, and needs no credentials, so that probes and load balancers can call it.
 */
@RestController
@Tag(name = OipServerController.TAG, description = OipServerController.TAG_DESCRIPTION)
class OipServerController {

	static final String TAG = "Open Inference Protocol";

	static final String TAG_DESCRIPTION = "The Open Inference Protocol V2 REST API (KServe, Triton, MLServer clients): "
			+ "health, metadata and inference with JSON tensors. Models are yours, named by id or name; a tabular "
			+ "model takes one tensor per feature. Errors are {\"error\": \"...\"}.";

	private final ApplicationAvailability availability;

	private final String version;

	OipServerController(ApplicationAvailability availability, ObjectProvider<BuildProperties> build) {
		this.availability = availability;
		this.version = version(build.getIfAvailable());
	}

	private static String version(@Nullable BuildProperties build) {
		if (build != null && build.getVersion() != null) {
			return build.getVersion();
		}
		String manifest = OipServerController.class.getPackage().getImplementationVersion();
		return (manifest != null) ? manifest : "unknown";
	}

	@GetMapping({ "/v2", "/v2/" })
	@Operation(summary = "Server metadata", description = "The server's name, version and protocol extensions.")
	ServerMetadataResponse metadata() {
		return new ServerMetadataResponse("modelhost", this.version, List.of());
	}

	@GetMapping("/v2/health/live")
	@Operation(summary = "Server live",
			description = "200 while the server can answer requests, 503 otherwise; empty body, no credentials.")
	ResponseEntity<Void> live() {
		boolean live = this.availability.getLivenessState() == LivenessState.CORRECT;
		return ResponseEntity.status(live ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).build();
	}

	@GetMapping("/v2/health/ready")
	@Operation(summary = "Server ready", description = "200 while the server takes predictions, 503 while it "
			+ "starts or shuts down; empty body, no credentials.")
	ResponseEntity<Void> ready() {
		boolean ready = this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
		return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).build();
	}

}
