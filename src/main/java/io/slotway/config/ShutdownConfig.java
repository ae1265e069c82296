package io.slotway.config;

import java.time.Duration;

/** How long a graceful drain may take before the remaining clients are closed. */
public record ShutdownConfig(Duration drainTimeout) {
}
