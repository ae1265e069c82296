package io.slotway.config;

/**
 * A copy of a route's commands sent to another upstream, its reply discarded (Envoy's request_mirror_policy).
 *
 * @param fraction   of the route's matching commands copied, 0 to 1
 * @param writesOnly only commands that write are copied (the default)
 */
public record MirrorConfig(String upstream, double fraction, boolean writesOnly) {
}
