package io.slotway.config;

import java.util.List;

/**
 * Where commands go: the route of the longest prefix a command's key starts with, else {@code defaultUpstream}.
 *
 * @param defaultUpstream null only with {@code unmatched: refuse}: a key no prefix matches is then refused
 * @param caseInsensitive prefixes match keys whatever their ASCII letters' case
 */
public record RoutesConfig(String defaultUpstream, boolean caseInsensitive, List<PrefixRouteConfig> prefixes) {

    public RoutesConfig {
        prefixes = List.copyOf(prefixes);
    }

    /** Only a default: every command goes to it. */
    public static RoutesConfig to(String defaultUpstream) {
        return new RoutesConfig(defaultUpstream, false, List.of());
    }
}
