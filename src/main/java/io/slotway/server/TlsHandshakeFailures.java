package io.slotway.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.slotway.metrics.Metrics;
import io.slotway.tls.Causes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a client's failed TLS handshake and logs it at DEBUG only: scanners and misconfigured clients must not flood
 * the log.
 */
final class TlsHandshakeFailures extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeFailures.class);

    private final Metrics metrics;

    TlsHandshakeFailures(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            metrics.tlsHandshakeFailed();
            log.debug("client {}: TLS handshake failed: {}", ctx.channel().remoteAddress(),
                    Causes.describe(handshake.cause()));
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
