package io.slotway.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.slotway.config.Secret;
import io.slotway.config.ServerTlsConfig;

/** The TLS context of the client listener; each accepted connection gets its own handler from it. */
public final class ServerTls {

    /** A client that connects and never finishes the handshake is closed after this long. */
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final SslContext context;
    private final String provider;

    private ServerTls(SslContext context, SslProvider provider) {
        this.context = context;
        this.provider = Providers.describe(provider);
    }

    public static ServerTls of(ServerTlsConfig config) throws TlsSetupException {
        SslProvider provider = Providers.choose(config.provider());
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(config.cert().toFile(), config.key().toFile(),
                            config.keyPassword().map(Secret::value).orElse(null))
                    .sslProvider(provider)
                    .clientAuth(switch (config.clientCertificates()) {
                        case NONE -> ClientAuth.NONE;
                        case OPTIONAL -> ClientAuth.OPTIONAL;
                        case REQUIRE -> ClientAuth.REQUIRE;
                    });
            if (config.clientCa().isPresent()) {
                builder.trustManager(config.clientCa().get().toFile());
            }
            return new ServerTls(builder.build(), provider);
        } catch (Exception e) {
            throw new TlsSetupException("tls: cannot use " + config.cert() + " and " + config.key() + ": "
                    + Causes.describe(e));
        }
    }

    public SslHandler newHandler(Channel channel) {
        SslHandler handler = context.newHandler(channel.alloc());
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
        return handler;
    }

    public String provider() {
        return provider;
    }
}
