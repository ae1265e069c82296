package io.slotway.config;

import java.time.Duration;

/** Redis Cluster options: how many redirects a request may follow, and how often the slot map is re-read. */
public record ClusterConfig(int maxRedirects, Duration refreshInterval) {

    public static final ClusterConfig DEFAULTS = new ClusterConfig(5, Duration.ofSeconds(5));
}
