package io.slotway.config;

/**
 * One entry of {@code routes.prefixes}: keys starting with {@code prefix} go to {@code upstream}.
 *
 * @param removePrefix the prefix is cut from keys on the way in and put back on key names in replies
 * @param readUpstream where read-only commands of this prefix go instead; null: to {@code upstream}
 */
public record PrefixRouteConfig(String prefix, String upstream, boolean removePrefix, String readUpstream) {
}
