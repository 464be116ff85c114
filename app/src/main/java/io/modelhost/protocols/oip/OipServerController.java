package io.modelhost.protocols.oip;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server's health and metadata. Health answers 200 for true and 400 for false, as the
 * protocol says ("a 4xx status code indicates false"), with the JSON body KServe's
 * clients read ({@code {"live": true}}, {@code {"ready": true}}), and needs no
 * credentials, so that probes and load balancers can call it.
 */
@RestController
@Tag(name = OipServerController.TAG, description = OipServerController.TAG_DESCRIPTION)
class OipServerController {

	static final String TAG = "Open Inference Protocol";

	static final String TAG_DESCRIPTION = "The Open Inference Protocol V2 REST API (KServe, Triton, MLServer clients): "
			+ "health, metadata and inference with JSON tensors. Models are yours, named by id or name; a tabular "
			+ "model takes one tensor per feature. Every error answer carries {\"error\": \"...\"}.";

	private final ApplicationAvailability availability;

	/** Triton's name for the binary tensor data extension, as it lists it. */
	static final String BINARY_TENSOR_DATA = "binary_tensor_data";

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
	@Operation(summary = "Server metadata", description = "The server's name, version and protocol extensions "
			+ "(binary_tensor_data: Triton's binary tensor data extension on inference).")
	ServerMetadataResponse metadata() {
		return new ServerMetadataResponse("modelhost", this.version, List.of(BINARY_TENSOR_DATA));
	}

	@GetMapping(path = "/v2/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Server live",
			description = "200 {\"live\": true} while the server can answer requests, 400 {\"live\": false} "
					+ "otherwise; no credentials.")
	@ApiResponse(responseCode = "200", description = "live")
	@ApiResponse(responseCode = "400", description = "not live",
			content = @Content(schema = @Schema(implementation = ServerLiveResponse.class)))
	ResponseEntity<ServerLiveResponse> live() {
		boolean live = this.availability.getLivenessState() == LivenessState.CORRECT;
		return ResponseEntity.status(live ? HttpStatus.OK : HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ServerLiveResponse(live));
	}

	@GetMapping(path = "/v2/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Server ready",
			description = "200 {\"ready\": true} while the server takes predictions, "
					+ "400 {\"ready\": false} while it starts or shuts down; no credentials.")
	@ApiResponse(responseCode = "200", description = "ready")
	@ApiResponse(responseCode = "400", description = "not ready",
			content = @Content(schema = @Schema(implementation = ServerReadyResponse.class)))
	ResponseEntity<ServerReadyResponse> ready() {
		boolean ready = this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
		return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ServerReadyResponse(ready));
	}

}
