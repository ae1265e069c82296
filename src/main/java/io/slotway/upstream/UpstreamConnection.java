package io.slotway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.slotway.loop.Deadline;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.NodeMetrics;
import io.slotway.protocol.PushFrame;
import io.slotway.protocol.ReplyDecoder;
import io.slotway.tls.Causes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One pipelined connection to a Redis node, used only from its event loop. Requests are written in order and
 * replies matched first-in first-out. Until the login handshake (AUTH, SELECT) has succeeded nothing else is sent,
 * so a command can never run as the wrong user or in the wrong database.
 *
 * <p>A connection whose outstanding requests see no reply for {@code stallTimeout} is closed: a node that stopped
 * answering must not keep requests (and their buffers) queued forever. A dedicated connection has no stall timeout
 * ({@code stallTimeout} 0) once logged in: a blocking command may rightly wait for hours, and its client's deadline
 * closes it; its login must still finish within the node's stall timeout.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);

    /** Told when the connection becomes usable and when it is gone for good. */
    interface Listener {
        void ready(UpstreamConnection connection);

        void closed(UpstreamConnection connection, boolean wasReady, String cause);
    }

    private enum State { CONNECTING, HANDSHAKING, READY, CLOSED }

    private final UpstreamNode node;
    private final LoopServices services;
    private final Listener listener;
    private final List<HandshakeStep> handshake;
    private final long stallTimeoutNanos;
    private final NodeMetrics metrics;
    // Small to start: most connections of a large pool are dedicated ones with one request at a time, and the queues
    // never shrink; a shared connection grows them once.
    private final ArrayDeque<UpstreamRequest> inflight = new ArrayDeque<>(4);
    private final ArrayDeque<UpstreamRequest> waiting = new ArrayDeque<>(2);
    private final Deadline stall = new Deadline() {
        @Override
        protected void expired() {
            if (progressed) {
                // A reply came in a read not yet complete (io_uring may run timers in between): not a stall.
                progressed = false;
                restartStallClock();
                return;
            }
            close("no reply for " + guardNanos() / 1_000_000 + " ms");
        }
    };
    private State state = State.CONNECTING;
    /** Replies the request at the head of {@link #inflight} has had so far, when it expects several. */
    private int headReplies;
    /** A reply arrived during the read in progress. */
    private boolean progressed;
    private FrameWriter writer;
    private long readyAtNanos;
    private Channel channel;
    private String closeCause;
    /** Where published messages go once this connection subscribes; null for a request-reply connection. */
    private PushListener push;
    /** What the node calls this connection (CLIENT ID), asked for dedicated ones only; -1 when not known. */
    private volatile long upstreamClientId = -1;

    private UpstreamConnection(UpstreamNode node, ConnectionSetup setup, LoopServices services, Listener listener,
                               long stallTimeoutNanos, NodeMetrics metrics, boolean dedicated) {
        this.node = node;
        this.services = services;
        this.listener = listener;
        this.stallTimeoutNanos = stallTimeoutNanos;
        this.metrics = metrics;
        this.handshake = HandshakeStep.forLogin(node, setup, this, dedicated);
    }

    /** {@code dedicated}: lent to one client at a time, so its CLIENT ID is asked for while logging in. */
    static UpstreamConnection open(Bootstrap bootstrap, UpstreamNode node, ConnectionSetup setup, LoopServices services,
                                   Listener listener, long stallTimeoutNanos, NodeMetrics metrics, boolean dedicated) {
        UpstreamConnection connection = new UpstreamConnection(node, setup, services, listener, stallTimeoutNanos,
                metrics, dedicated);
        ChannelFuture connect = bootstrap.clone(services.loop())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) node.connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        node.tls().ifPresent(tls -> ch.pipeline().addLast(tls.newHandler(ch.alloc(),
                                node.address(), node.connectTimeout())));
                        ch.pipeline().addLast(new ReplyDecoder(connection::acceptsReply), connection);
                    }
                })
                .connect(node.address().host(), node.address().port());
        connection.channel = connect.channel();
        connection.writer = new FrameWriter(connection.channel, services.flusher());
        connect.addListener(future -> {
            if (!future.isSuccess()) {
                connection.close(SocketErrors.describe(future.cause()));
            }
        });
        return connection;
    }

    public UpstreamNode node() {
        return node;
    }

    /** When the login handshake finished ({@link System#nanoTime()}); 0 if it never did. */
    long readyAtNanos() {
        return readyAtNanos;
    }

    /**
     * How long outstanding requests may see no reply: the stall timeout; a dedicated connection has none once logged
     * in (a blocking command may wait for hours), but its login gets the node's, as any connection's does.
     */
    private long guardNanos() {
        return stallTimeoutNanos > 0 ? stallTimeoutNanos : node.stallTimeoutNanos();
    }

    /** The node's CLIENT ID for this connection; -1 when not asked for or not yet known. Any thread. */
    long upstreamClientId() {
        return upstreamClientId;
    }

    void upstreamClientId(long id) {
        upstreamClientId = id;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * From now on published messages, and any frame that arrives while no request waits, go to {@code listener}
     * instead of being taken for a reply; requests (SUBSCRIBE and friends) still get their acknowledgements.
     */
    void pushTo(PushListener listener) {
        push = listener;
    }

    /**
     * Sends now if logged in, after the handshake if still connecting; fails at once if closed, or if the node
     * already has {@code max_pending_requests} outstanding on this connection (a circuit breaker: a slow node must
     * not collect an unbounded queue).
     */
    public void send(UpstreamRequest request) {
        int pending = inflight.size() + waiting.size();
        if (pending >= node.maxPendingRequests() && state != State.CLOSED) {
            metrics.count(NodeMetrics.Result.BUSY);
            request.fail("ERR upstream busy: " + node + " has " + pending + " requests pending (upstreams."
                    + node.upstream() + ".max_pending_requests)");
            return;
        }
        switch (state) {
            case READY -> write(request);
            case CONNECTING, HANDSHAKING -> waiting.add(request);
            case CLOSED -> request.fail(lostMessage());
        }
    }

    private void write(UpstreamRequest request) {
        if (inflight.isEmpty() && (stallTimeoutNanos > 0 || state != State.READY)) {
            services.deadlines().arm(stall, guardNanos());
        }
        inflight.add(request);
        writer.write(request.frame());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (node.tls().isEmpty()) {
            login();
        }
    }

    /** Over TLS, logging in waits for the TLS handshake, so its failure is told as such, not as a lost connection. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                login();
            } else {
                close("TLS handshake failed: " + Causes.describe(handshake.cause()));
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    private void login() {
        if (state != State.CONNECTING) {
            return;
        }
        state = State.HANDSHAKING;
        if (handshake.isEmpty()) {
            handshakeDone();
            return;
        }
        for (HandshakeStep step : handshake) {
            write(step);
        }
    }

    /** Called by the last handshake step once every step was answered with success. */
    void handshakeDone() {
        if (state != State.HANDSHAKING) {
            return;
        }
        state = State.READY;
        if (stallTimeoutNanos == 0) {
            stall.disarm();
        }
        readyAtNanos = System.nanoTime();
        metrics.connectionOpened();
        listener.ready(this);
        // Bounded by what queued while connecting; each request's own deadline bounds how long it waited.
        while (!waiting.isEmpty()) {
            UpstreamRequest request = waiting.poll();
            if (request.isAbandoned()) {
                request.fail(lostMessage());
            } else {
                write(request);
            }
        }
    }

    /** A handshake step was refused: nothing may run on this connection. */
    void handshakeFailed(String error) {
        close("handshake failed: " + error);
    }

    /** Whether the request the arriving reply belongs to still wants it, now that it is this large. */
    private boolean acceptsReply(long partialBytes) {
        UpstreamRequest head = inflight.peek();
        if (push != null && head == null) {
            // A published message: as large as the node let it be.
            return true;
        }
        return head != null && !head.isAbandoned() && head.acceptsReply(partialBytes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (push != null && msg != ReplyDecoder.DISCARDED && (inflight.isEmpty()
                || PushFrame.isMessage((ByteBuf) msg) || !inflight.peek().claims((ByteBuf) msg))) {
            push.pushed((ByteBuf) msg);
            return;
        }
        if (msg != ReplyDecoder.DISCARDED && PushFrame.isResp3Push((ByteBuf) msg)) {
            // A RESP3 push nobody here listens for: never the answer to a request.
            ((ByteBuf) msg).release();
            return;
        }
        UpstreamRequest head = inflight.peek();
        if (head != null && ++headReplies < head.replyCount()) {
            // A leading reply of a unit (ASKING's +OK): the request stays at the head for the rest.
            progressed = true;
            if (msg != ReplyDecoder.DISCARDED) {
                head.leadingReply((ByteBuf) msg);
            } else {
                head.leadingDropped();
            }
            return;
        }
        headReplies = 0;
        UpstreamRequest request = inflight.poll();
        if (msg == ReplyDecoder.DISCARDED) {
            if (request != null) {
                metrics.count(NodeMetrics.Result.ERROR);
                request.fail("ERR reply too large, dropped by Slotway");
            }
            progressed = true;
            return;
        }
        ByteBuf reply = (ByteBuf) msg;
        if (request == null) {
            reply.release();
            close("reply without a request");
            return;
        }
        progressed = true;
        metrics.count(reply.isReadable() && reply.getByte(reply.readerIndex()) == '-'
                ? NodeMetrics.Result.ERROR : NodeMetrics.Result.OK);
        // Even past its deadline: the request drops a reply it no longer wants, and learns the send has ended.
        request.complete(reply);
    }

    /** The replies of one read arrived together: the stall clock restarts once for them all, not once per reply. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (progressed) {
            progressed = false;
            restartStallClock();
        }
        ctx.fireChannelReadComplete();
    }

    private void restartStallClock() {
        if (state == State.CLOSED) {
            return;
        }
        if (inflight.isEmpty() || stallTimeoutNanos == 0 && state == State.READY) {
            stall.disarm();
        } else {
            // Progress: the node is alive, so the stall clock restarts.
            services.deadlines().arm(stall, guardNanos());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close("connection closed by the node");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(SocketErrors.describe(cause));
    }

    /** Closes the channel and fails everything outstanding; idempotent. */
    public void close(String cause) {
        close(cause, true);
    }

    /** Closes because Slotway decided to (a dedicated connection in an unknown state): no warning. */
    void discard(String cause) {
        close(cause, false);
    }

    /** Closes because Slotway is stopping: expected, so not worth a warning. */
    void shutdown() {
        close("Slotway is shutting down", false);
    }

    private void close(String cause, boolean unexpected) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasReady = state == State.READY;
        state = State.CLOSED;
        closeCause = cause;
        writer.release();
        stall.disarm();
        if (wasReady) {
            metrics.connectionClosed();
        }
        if (wasReady && unexpected) {
            log.warn("upstream {} node {}: connection lost: {}", node.upstream(), node, cause);
        }
        channel.close();
        String error = wasReady ? lostMessage() : SocketErrors.unavailable(node, cause);
        // Bounded by the requests outstanding on this connection.
        while (!inflight.isEmpty()) {
            metrics.count(NodeMetrics.Result.CONNECTION_LOST);
            inflight.poll().fail(error);
        }
        while (!waiting.isEmpty()) {
            metrics.count(NodeMetrics.Result.CONNECTION_LOST);
            waiting.poll().fail(error);
        }
        if (push != null) {
            push.lost(cause);
        }
        listener.closed(this, wasReady, cause);
    }

    private String lostMessage() {
        return "ERR upstream connection lost: " + node + " (" + closeCause + ")";
    }
}
