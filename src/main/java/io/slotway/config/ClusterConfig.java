package io.slotway.config;

import java.time.Duration;

/**
 * Redis Cluster options: how many redirects a request may follow, how often the slot map is re-read, and where
 * read-only commands go.
 */
public record ClusterConfig(int maxRedirects, Duration refreshInterval, ReadPolicy readPolicy) {

    public static final ClusterConfig DEFAULTS = new ClusterConfig(5, Duration.ofSeconds(5), ReadPolicy.PRIMARY);
}
