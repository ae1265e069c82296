package io.slotway.config;

import java.time.Duration;

/** Upstream connect timeout, and the deadline of each request. */
public record TimeoutsConfig(Duration connect, Duration command) {

    public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(Duration.ofSeconds(1), Duration.ofSeconds(1));
}
