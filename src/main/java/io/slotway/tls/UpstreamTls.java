package io.slotway.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.slotway.config.HostAndPort;
import io.slotway.config.Secret;
import io.slotway.config.UpstreamTlsConfig;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS to one upstream's nodes: a context for the event loops' connections (OpenSSL when it loads) and a JDK one
 * for the blocking probes and health checks. Both verify the node's certificate chain and, unless
 * {@code verify_hostname: false}, that it names the node's host (or {@code server_name}).
 */
public final class UpstreamTls {

    private static final String VERIFY_HOSTNAME = "HTTPS";

    private final UpstreamTlsConfig config;
    private final SslContext loopContext;
    private final JdkSslContext blockingContext;
    private final String provider;

    private UpstreamTls(UpstreamTlsConfig config, SslContext loopContext, JdkSslContext blockingContext,
                        SslProvider provider) {
        this.config = config;
        this.loopContext = loopContext;
        this.blockingContext = blockingContext;
        this.provider = Providers.describe(provider);
    }

    public static UpstreamTls of(String upstream, UpstreamTlsConfig config) throws TlsSetupException {
        SslProvider provider = Providers.choose(config.provider());
        try {
            SslContext loop = builder(config).sslProvider(provider).build();
            JdkSslContext blocking = (JdkSslContext) builder(config).sslProvider(SslProvider.JDK).build();
            return new UpstreamTls(config, loop, blocking, provider);
        } catch (Exception e) {
            throw new TlsSetupException("upstreams." + upstream + ".tls: " + Causes.describe(e));
        }
    }

    private static SslContextBuilder builder(UpstreamTlsConfig config) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .endpointIdentificationAlgorithm(config.verifyHostname() ? VERIFY_HOSTNAME : null);
        config.ca().ifPresent(ca -> builder.trustManager(ca.toFile()));
        if (config.cert().isPresent() && config.key().isPresent()) {
            builder.keyManager(config.cert().get().toFile(), config.key().get().toFile(),
                    config.keyPassword().map(Secret::value).orElse(null));
        }
        return builder;
    }

    /** The name the node's certificate must carry, also sent as SNI. */
    private String peerName(HostAndPort node) {
        return config.serverName().orElse(node.host());
    }

    /** The connect timeout bounds the TLS handshake too: a node that accepts but never answers is not waited on. */
    public SslHandler newHandler(ByteBufAllocator alloc, HostAndPort node, Duration handshakeTimeout) {
        SslHandler handler = loopContext.newHandler(alloc, peerName(node), node.port());
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** Wraps a connected socket and completes the handshake; the socket's read timeout bounds it. */
    public SSLSocket wrap(Socket socket, HostAndPort node) throws IOException {
        String peer = peerName(node);
        SSLSocket tls = (SSLSocket) blockingContext.context().getSocketFactory()
                .createSocket(socket, peer, node.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        if (config.verifyHostname()) {
            parameters.setEndpointIdentificationAlgorithm(VERIFY_HOSTNAME);
        }
        if (config.serverName().isPresent()) {
            parameters.setServerNames(List.of(new SNIHostName(config.serverName().get())));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    public String provider() {
        return provider;
    }
}
