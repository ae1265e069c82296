package io.slotway.config;

import java.util.List;

/**
 * Where commands go: the route of the longest prefix a command's key starts with, else {@code defaultUpstream}.
 *
 * @param defaultUpstream null only with {@code unmatched: refuse}: a key no prefix matches is then refused
 * @param caseInsensitive prefixes match keys whatever their ASCII letters' case
 * @param defaultMirrors  where copies of the default route's commands go
 */
public record RoutesConfig(String defaultUpstream, boolean caseInsensitive, List<PrefixRouteConfig> prefixes,
                           List<MirrorConfig> defaultMirrors) {

    public RoutesConfig {
        prefixes = List.copyOf(prefixes);
        defaultMirrors = List.copyOf(defaultMirrors);
    }
}
