package io.slotway.config;

import java.time.Duration;

/**
 * What counts as slow: a command answered after {@code slowThreshold} goes to the slow log (the last
 * {@code slowlogSize} such commands); a request still in flight after {@code longRunningThreshold} is logged
 * once at WARN, counted and listed while it runs. Every upstream node is PINGed each {@code healthCheckInterval}
 * (zero: never).
 */
public record MonitoringConfig(Duration slowThreshold, int slowlogSize, Duration longRunningThreshold,
                               Duration healthCheckInterval) {

    public static final MonitoringConfig DEFAULTS =
            new MonitoringConfig(Duration.ofMillis(10), 128, Duration.ofSeconds(1), Duration.ofSeconds(1));
}
