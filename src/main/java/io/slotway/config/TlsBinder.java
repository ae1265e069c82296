package io.slotway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;

/** Binds {@code tls} (clients) and {@code upstreams.<name>.tls}; every file named must exist and be readable. */
final class TlsBinder {

    private TlsBinder() {
    }

    static Optional<ServerTlsConfig> server(ConfigNode root) {
        ConfigNode tls = root.mapping("tls", false);
        if (tls == null) {
            return Optional.empty();
        }
        Optional<HostAndPort> listen = Optional.empty();
        String listenText = tls.string("listen", false, "host:port for a TLS listener beside the plain one");
        if (listenText != null) {
            try {
                listen = Optional.of(HostAndPort.parse(listenText));
            } catch (IllegalArgumentException e) {
                tls.problem("listen", e.getMessage());
            }
        }
        Path cert = file(tls, "cert", true, "the listener's certificate chain (PEM)");
        Path key = file(tls, "key", true, "the certificate's private key (PEM, PKCS#8)");
        Optional<Secret> keyPassword = Secrets.read(tls, "key_password", "the private key's password");
        Optional<Path> clientCa = Optional.ofNullable(file(tls, "client_ca", false,
                "the CA certificates that sign client certificates (PEM)"));
        ServerTlsConfig.ClientCertificates clientCertificates = clientCa.isPresent()
                ? ServerTlsConfig.ClientCertificates.REQUIRE : ServerTlsConfig.ClientCertificates.NONE;
        String mode = tls.string("client_certificates", false, "require, optional or none");
        if (mode != null) {
            try {
                clientCertificates = ServerTlsConfig.ClientCertificates.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                tls.problem("client_certificates", "'" + mode + "' (expected: require, optional or none)");
            }
            if (clientCertificates != ServerTlsConfig.ClientCertificates.NONE && clientCa.isEmpty()) {
                tls.problem("client_certificates", mode + " without client_ca (expected: client_ca as well)");
            }
        }
        TlsProvider provider = provider(tls);
        tls.finish();
        return Optional.of(new ServerTlsConfig(listen, cert, key, keyPassword, clientCa, clientCertificates,
                provider));
    }

    /** {@code tls: true} for the defaults, or a mapping; absent or {@code false}: plain TCP. */
    static Optional<UpstreamTlsConfig> upstream(ConfigNode upstream) {
        if (!upstream.has("tls")) {
            return Optional.empty();
        }
        if (upstream.isScalar("tls")) {
            Boolean enabled = upstream.bool("tls", false);
            return Boolean.TRUE.equals(enabled) ? Optional.of(UpstreamTlsConfig.DEFAULTS) : Optional.empty();
        }
        ConfigNode tls = upstream.mapping("tls", false);
        if (tls == null) {
            return Optional.empty();
        }
        Optional<Path> ca = Optional.ofNullable(file(tls, "ca", false, "CA certificates that sign the nodes' (PEM)"));
        Optional<Path> cert = Optional.ofNullable(file(tls, "cert", false, "a client certificate chain (PEM)"));
        Optional<Path> key = Optional.ofNullable(file(tls, "key", false, "the client certificate's key (PEM)"));
        if (cert.isPresent() != key.isPresent()) {
            tls.problem(cert.isPresent() ? "cert" : "key", "set without " + (cert.isPresent() ? "key" : "cert")
                    + " (expected: both or neither)");
        }
        Optional<Secret> keyPassword = Secrets.read(tls, "key_password", "the private key's password");
        Optional<String> serverName = Optional.ofNullable(tls.string("server_name", false,
                "the name the nodes' certificates carry"));
        if (serverName.isPresent()) {
            try {
                // Also sent as SNI, which takes only host names (letters, digits, '-', dots).
                new SNIHostName(serverName.get());
            } catch (IllegalArgumentException e) {
                tls.problem("server_name", "'" + serverName.get() + "' is not a host name (" + e.getMessage() + ")");
                serverName = Optional.empty();
            }
        }
        boolean verifyHostname = tls.bool("verify_hostname", true);
        TlsProvider provider = provider(tls);
        tls.finish();
        return Optional.of(new UpstreamTlsConfig(ca, cert, key, keyPassword, serverName, verifyHostname, provider));
    }

    private static TlsProvider provider(ConfigNode tls) {
        String text = tls.string("provider", false, "auto, openssl or jdk");
        if (text == null) {
            return TlsProvider.AUTO;
        }
        try {
            return TlsProvider.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            tls.problem("provider", "'" + text + "' (expected: auto, openssl or jdk)");
            return TlsProvider.AUTO;
        }
    }

    private static Path file(ConfigNode node, String key, boolean required, String expected) {
        String text = node.string(key, required, expected);
        if (text == null) {
            return null;
        }
        Path path = Path.of(text);
        if (!Files.isRegularFile(path)) {
            node.problem(key, text + ": no such file (expected: " + expected + ")");
            return null;
        }
        if (!Files.isReadable(path)) {
            node.problem(key, text + ": not readable");
            return null;
        }
        return path;
    }
}
