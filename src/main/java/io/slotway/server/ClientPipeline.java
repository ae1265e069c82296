package io.slotway.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;
import io.slotway.config.LimitsConfig;
import io.slotway.generation.Generation;
import io.slotway.protocol.RequestDecoder;
import io.slotway.session.ClientSession;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sets up each accepted client: TLS first when this listener has it (so even a refusal goes over TLS), then the
 * idle timer, the decoder and the session, all as the loop's current config generation says.
 */
final class ClientPipeline extends ChannelInitializer<Channel> {

    private static final String IDLE = "idle";
    private static final String DECODER = "decoder";

    private final SlotwayServer server;
    private final boolean tlsListener;

    /** {@code tlsListener}: this is the {@code tls.listen} listener, always TLS. */
    ClientPipeline(SlotwayServer server, boolean tlsListener) {
        this.server = server;
        this.tlsListener = tlsListener;
    }

    @Override
    protected void initChannel(Channel channel) {
        Worker worker = server.worker(channel.eventLoop());
        Generation generation = worker.generation();
        boolean tls = generation.tls() != null
                && (tlsListener || generation.config().tls().orElseThrow().listen().isEmpty());
        if (tls) {
            channel.pipeline().addLast(generation.tls().newHandler(channel),
                    new TlsHandshakeFailures(worker.metrics()));
        }
        if (!server.admit(channel, generation.config().limits().maxClients())) {
            return;
        }
        LimitsConfig limits = generation.config().limits();
        channel.config().setWriteBufferWaterMark(waterMark(limits));
        channel.pipeline().addLast(DECODER, new RequestDecoder(generation.limits()));
        idleTimeout(channel.pipeline(), limits.clientIdleTimeout());
        channel.pipeline().addLast(new ClientSession(worker));
    }

    /** The decoder's bounds, the unwritten-reply water marks and the idle timeout, as {@code next} sets them. */
    static void reconfigure(Channel channel, Generation next) {
        RequestDecoder decoder = (RequestDecoder) channel.pipeline().get(DECODER);
        if (decoder != null) {
            decoder.limits(next.limits());
        }
        LimitsConfig limits = next.config().limits();
        channel.config().setWriteBufferWaterMark(waterMark(limits));
        idleTimeout(channel.pipeline(), limits.clientIdleTimeout());
    }

    /** Past the high mark of unwritten replies a client is not read from until it drops below the low one. */
    private static WriteBufferWaterMark waterMark(LimitsConfig limits) {
        return new WriteBufferWaterMark(limits.maxPendingReplyBytes() / 2, limits.maxPendingReplyBytes());
    }

    /** Puts in, replaces or (for zero) takes out the idle timer, ahead of the decoder so it sees every read. */
    private static void idleTimeout(ChannelPipeline pipeline, Duration timeout) {
        if (pipeline.get(DECODER) == null) {
            // Closing: its handlers are already gone.
            return;
        }
        IdleStateHandler current = (IdleStateHandler) pipeline.get(IDLE);
        if (current != null && current.getAllIdleTimeInMillis() == timeout.toMillis()) {
            // Unchanged: keep the handler, and with it how long this client has been idle.
            return;
        }
        if (current != null) {
            pipeline.remove(IDLE);
        }
        if (!timeout.isZero()) {
            pipeline.addBefore(DECODER, IDLE, new IdleStateHandler(0, 0, timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
    }
}
