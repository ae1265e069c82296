package io.slotway.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS for clients ({@code tls:}). Without {@code listen} the main listener speaks TLS; with it, a second listener
 * does and the main one stays plain, as Redis's {@code port} and {@code tls-port}. With {@code client_ca}, clients
 * must (or, {@code client_certificates: optional}, may) present a certificate signed by it.
 */
public record ServerTlsConfig(Optional<HostAndPort> listen, Path cert, Path key, Optional<Secret> keyPassword,
                              Optional<Path> clientCa, ClientCertificates clientCertificates,
                              TlsProvider provider) {

    /** Whether a client must show a certificate. */
    public enum ClientCertificates { NONE, OPTIONAL, REQUIRE }
}
