package io.modelhost.runtime;

import java.time.Duration;

import io.modelhost.engine.host.IsolationSettings.SandboxMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The worker processes that run engines whose model files carry code (TorchScript): one
 * per such engine, sandboxed (docs/security.md, ADR 6). Admission and loads in a worker
 * have the deadline of {@code modelhost.runtime.admission-timeout}.
 *
 * @param sandbox {@code auto} (bubblewrap where it works, else a plain child process and
 * a warning), {@code bwrap} (refuse to start a worker without it) or {@code none}
 * (default auto)
 * @param heap the worker's Java heap (default 512MB)
 * @param addressSpace the worker's virtual memory: heap, the JVM's reservations and every
 * native allocation of the models together (default 4GB)
 * @param predictionTimeout how long one prediction in a worker may take; past it the
 * worker is killed and restarted, and the prediction fails (default 30s)
 */
@ConfigurationProperties("modelhost.runtime.worker")
public record WorkerProperties(@DefaultValue("auto") SandboxMode sandbox, @DefaultValue("512MB") DataSize heap,
		@DefaultValue("4GB") DataSize addressSpace, @DefaultValue("30s") Duration predictionTimeout) {

}
