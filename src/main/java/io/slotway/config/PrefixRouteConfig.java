package io.slotway.config;

import java.util.List;

/**
 * One entry of {@code routes.prefixes}: keys starting with {@code prefix} go to {@code upstream}.
 *
 * @param removePrefix the prefix is cut from keys on the way in and put back on key names in replies
 * @param readUpstream where read-only commands of this prefix go instead; null: to {@code upstream}
 * @param mirrors      where copies of the route's commands go
 */
public record PrefixRouteConfig(String prefix, String upstream, boolean removePrefix, String readUpstream,
                                List<MirrorConfig> mirrors) {

    public PrefixRouteConfig {
        mirrors = List.copyOf(mirrors);
    }
}
