package io.slotway.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS to one upstream's nodes ({@code upstreams.<name>.tls}). Without {@code ca} the JVM's trusted roots apply.
 * {@code cert} and {@code key} are the client certificate Redis asks for by default ({@code tls-auth-clients}).
 * Each node's certificate must name the node's host, or {@code server_name} when set (also sent as SNI).
 */
public record UpstreamTlsConfig(Optional<Path> ca, Optional<Path> cert, Optional<Path> key,
                                Optional<Secret> keyPassword, Optional<String> serverName, boolean verifyHostname,
                                TlsProvider provider) {

    public static final UpstreamTlsConfig DEFAULTS = new UpstreamTlsConfig(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), true, TlsProvider.AUTO);
}
