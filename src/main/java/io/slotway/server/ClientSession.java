package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.slotway.command.CommandSpec;
import io.slotway.command.ReplyMerger;
import io.slotway.command.SplitPlan;
import io.slotway.metrics.CommandMetrics;
import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.Metrics;
import io.slotway.metrics.NodeMetrics;
import io.slotway.metrics.SlowLog;
import io.slotway.protocol.ProtocolError;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.tls.Causes;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.UpstreamRequest;
import io.slotway.upstream.cluster.AskingRequest;
import io.slotway.upstream.cluster.ClusterUpstream;
import io.slotway.upstream.cluster.Redirect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

/**
 * One client connection. Requests become {@link Exchange}s in a FIFO, and replies leave strictly in request order,
 * whichever node or local handler answers first. Reading pauses while too many requests are pending or the client
 * is not reading its replies, so memory per client stays bounded. Used only from the client's event loop.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final Worker worker;
    private final long id = IDS.incrementAndGet();
    private final ArrayDeque<Exchange> queue = new ArrayDeque<>();
    private Channel channel;
    private int database;
    private byte[] name;
    private NodePool cachedPool;
    private UpstreamNode cachedNode;
    private int[] keyScratch = new int[64];
    private boolean closing;
    private boolean draining;
    private boolean pausedForPending;
    /** The client's address as reports show it. */
    private String address = "?";
    /** The command being dispatched, until its answer or exchange takes it over. */
    private CommandMetrics command;
    private long commandStart;
    private int commandKey;
    /** Only checked when downstream auth is configured. */
    private final Login login;

    ClientSession(Worker worker) {
        this.worker = worker;
        this.database = -1;
        this.login = new Login(worker.generation());
    }

    long id() {
        return id;
    }

    byte[] name() {
        return name;
    }

    void name(byte[] name) {
        this.name = name;
    }

    /** The selected database, or -1 for the upstream's configured one. */
    int database() {
        return database;
    }

    void select(int database) {
        this.database = database;
        cachedPool = null;
    }

    Channel channel() {
        return channel;
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    ServerFacts facts() {
        return worker.facts();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        address = String.valueOf(channel.remoteAddress()).replaceFirst("^/", "");
        worker.sessions().add(this);
        metrics().clientConnected();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            // After QUIT or a protocol error nothing more is answered; the request's bytes go back to the pool.
            if (msg instanceof Request request) {
                request.release();
            }
            return;
        }
        if (msg instanceof ProtocolError error) {
            metrics().clientLimit(Metrics.ClientLimit.PROTOCOL_ERROR);
            answerAndClose(Replies.error(alloc(), "ERR Protocol error: " + error.message()));
            return;
        }
        // The dispatcher owns the request from here.
        worker.generation().dispatcher().dispatch(this, (Request) msg);
    }

    private Metrics metrics() {
        return worker.telemetry().metrics();
    }

    /** A command arrived: its answer, however it comes, is counted against {@code spec} (null: unknown). */
    void started(CommandSpec spec) {
        command = worker.commandMetrics(spec);
        commandStart = System.nanoTime();
        commandKey = spec == null ? 0 : Math.max(0, spec.firstKey());
    }

    /** The logged-in user as the current generation knows it; null when the client must log in. */
    Authenticator.User user() {
        return login.user(worker.generation());
    }

    void loggedIn(Authenticator.User user) {
        login.loggedIn(user, worker.generation());
    }

    /** A reload switched this loop to {@code next}: this client's bounds follow it at once (call on the loop). */
    void reconfigure(Generation next) {
        cachedPool = null;
        cachedNode = null;
        // At once, not at the next command: a user removed now stays logged out even if a later file re-adds it.
        login.user(next);
        if (channel == null) {
            return;
        }
        ClientPipeline.reconfigure(channel, next);
        if (pausedForPending && queue.size() <= next.settings().maxPendingRequests() / 2) {
            pausedForPending = false;
        }
        updateAutoRead();
    }

    void authFailed() {
        metrics().authFailed();
    }

    Authenticator authenticator() {
        return worker.authenticator();
    }

    String address() {
        return address;
    }

    /** The command being dispatched is refused by {@code commands.deny}. */
    void denied() {
        if (command != null) {
            command.deny();
        }
    }

    /** Counts an answer Slotway made itself (local commands, refusals). */
    private void countLocalAnswer(ByteBuf reply) {
        if (command != null) {
            command.record(System.nanoTime() - commandStart, Replies.isError(reply));
            command = null;
        }
    }

    /** Hands the command being dispatched to the exchange that will carry it to a node. */
    private void track(Exchange exchange, UpstreamNode node) {
        if (command != null) {
            exchange.track(command, commandStart, commandKey, node);
            command = null;
        }
    }

    /** Queues a reply Slotway produced itself; ownership of {@code reply} passes to the session. */
    void answer(ByteBuf reply) {
        countLocalAnswer(reply);
        if (queue.isEmpty()) {
            write(reply);
        } else {
            queue.add(Exchange.answered(this, reply));
        }
    }

    /** Answers, then closes once everything before and including this reply is written (QUIT, protocol errors). */
    void answerAndClose(ByteBuf reply) {
        countLocalAnswer(reply);
        closing = true;
        channel.config().setAutoRead(false);
        queue.add(Exchange.answered(this, reply).closeAfterReply());
        deliver();
    }

    /** Sends {@code request} to one node of {@code upstream}; the exchange takes ownership of the request. */
    void forward(Request request, Upstream upstream, UpstreamNode node) {
        Exchange exchange = Exchange.obtain(this, request);
        exchange.upstream(upstream);
        track(exchange, node);
        enqueue(exchange, worker.commandTimeoutNanos(upstream));
        exchange.hold();
        pool(node, upstream).send(id, exchange);
    }

    /**
     * Sends one frame per node and merges the replies into one; the exchange takes ownership of the request and
     * the frames.
     */
    void fanOut(Request request, Upstream upstream, UpstreamNode[] nodes, ByteBuf[] frames, ReplyMerger merger,
                SplitPlan plan, long timeoutNanos) {
        Exchange exchange = Exchange.obtain(this, request);
        FanOut fanOut = new FanOut(this, exchange, upstream, merger, plan, nodes, frames);
        exchange.fanOut(fanOut);
        // For reports and timeout counts; the parts follow redirects themselves.
        exchange.upstream(upstream);
        track(exchange, null);
        metrics().upstream(upstream.name()).fanout(nodes.length);
        enqueue(exchange, timeoutNanos);
        // A part failing at once may finish the exchange; this loop's own hold keeps it from being reused meanwhile.
        exchange.hold();
        // Bounded by the topology's shard count, each shard asked exactly once.
        for (int i = 0; i < fanOut.size() && !exchange.isDone(); i++) {
            fanOut.part(i).send(pool(nodes[i], upstream), id);
        }
        exchange.released();
    }

    /**
     * Follows a cluster's {@code -MOVED} or {@code -ASK}: sends {@code request} again to the named node (after
     * {@code ASKING} for ASK), and after MOVED asks for a fresh slot map. Takes ownership of {@code reply} when it
     * returns true; false means the reply was not a redirect after all.
     */
    boolean redirect(UpstreamRequest request, ClusterUpstream cluster, ByteBuf reply) {
        Redirect redirect = Redirect.parse(reply);
        if (redirect == null) {
            return false;
        }
        reply.release();
        metrics().upstream(cluster.name()).redirect(redirect.ask());
        NodePool target = worker.pools().pool(cluster.node(redirect.target()), 0);
        if (redirect.ask()) {
            target.send(id, AskingRequest.INSTANCE);
        } else {
            cluster.requestRefresh();
        }
        target.send(id, request);
        return true;
    }

    /** A request reached its deadline before {@code upstream} answered. */
    void timedOut(Upstream upstream, UpstreamNode node) {
        if (upstream != null) {
            metrics().upstream(upstream.name()).timeout();
            if (node != null) {
                metrics().upstream(upstream.name()).node(node.toString()).count(NodeMetrics.Result.TIMEOUT);
            }
        }
    }

    /** An exchange got its answer after {@code nanos}; a slow one goes to the slow log. */
    void finished(Exchange exchange, long nanos) {
        SlowLog slowLog = worker.telemetry().slowLog();
        if (slowLog.isSlow(nanos)) {
            slowLog.add(new SlowLog.Entry(Instant.now(), address, exchange.commandName(), exchange.key(),
                    exchange.nodeName(), nanos));
        }
    }

    /** Counts this client's requests in flight for {@code thresholdNanos} or more; warns once about each new one. */
    int sweepLongRunning(long now, long thresholdNanos) {
        return visitLongRunning(now, thresholdNanos, (exchange, age) -> {
            if (exchange.markLongRunning()) {
                metrics().longRunningFound();
                log.warn("long-running command: {} from client {} key {} on upstream {} node {} in flight for {} ms",
                        exchange.commandName(), address, exchange.key(), exchange.upstreamName(),
                        exchange.nodeName() == null ? "(every shard)" : exchange.nodeName(), age / 1_000_000);
            }
        });
    }

    /** Adds this client's requests in flight for {@code thresholdNanos} or more to {@code found}. */
    void collectInflight(long now, long thresholdNanos, List<InflightRequest> found) {
        visitLongRunning(now, thresholdNanos, (exchange, age) -> found.add(new InflightRequest(
                Instant.now().minusNanos(age), age, address, exchange.commandName(), exchange.key(),
                exchange.nodeName())));
    }

    /**
     * Shows {@code visit} each request still waiting for its answer after {@code thresholdNanos}, with its age;
     * returns how many. Only the oldest requests are visited: the queue is in arrival order.
     */
    private int visitLongRunning(long now, long thresholdNanos, ObjLongConsumer<Exchange> visit) {
        int count = 0;
        // Bounded by the queue, and stops at the first request younger than the threshold.
        for (Exchange exchange : queue) {
            if (exchange.startNanos() == 0 || exchange.isDone()) {
                continue;
            }
            long age = now - exchange.startNanos();
            if (age < thresholdNanos) {
                break;
            }
            count++;
            visit.accept(exchange, age);
        }
        return count;
    }

    private void enqueue(Exchange exchange, long timeoutNanos) {
        queue.add(exchange);
        worker.services().deadlines().arm(exchange, timeoutNanos);
        if (queue.size() >= worker.settings().maxPendingRequests() && !pausedForPending) {
            pausedForPending = true;
            metrics().clientLimit(Metrics.ClientLimit.PENDING_REQUESTS);
            updateAutoRead();
        }
    }

    private NodePool pool(UpstreamNode node, Upstream upstream) {
        if (cachedNode != node || cachedPool == null) {
            int db = database >= 0 ? database : upstream.config().database();
            cachedPool = worker.pools().pool(node, db);
            cachedNode = node;
        }
        return cachedPool;
    }

    long maxFanoutReplyBytes() {
        return worker.settings().maxFanoutReplyBytes();
    }

    long commandTimeoutNanos(Upstream upstream) {
        return worker.commandTimeoutNanos(upstream);
    }

    long fanoutTimeoutNanos(Upstream upstream) {
        return worker.fanoutTimeoutNanos(upstream);
    }

    /** Scratch space for key positions, reused across this client's requests. */
    int[] keyScratch(int atLeast) {
        if (keyScratch.length < atLeast) {
            keyScratch = new int[Math.max(atLeast, keyScratch.length * 2)];
        }
        return keyScratch;
    }

    /** Writes every finished reply at the head of the queue, in order. */
    void deliver() {
        // Bounded by the queue length; writing never adds to the queue.
        while (!queue.isEmpty() && queue.peek().isDone()) {
            Exchange head = queue.poll();
            ByteBuf reply = head.takeReply();
            boolean last = head.closesConnection();
            // The queue's hold ends here; the exchange may be reused at once.
            head.released();
            if (last) {
                channel.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
                discardQueue();
                return;
            }
            write(reply);
        }
        if (pausedForPending && queue.size() <= worker.settings().maxPendingRequests() / 2) {
            pausedForPending = false;
            updateAutoRead();
        }
        if (draining && queue.isEmpty()) {
            closeAfterFlush();
        }
    }

    /** Closes only once the replies already written have left, so a drained client loses nothing it was owed. */
    private void closeAfterFlush() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void write(ByteBuf reply) {
        // The channel owns the reply from here.
        channel.write(reply, channel.voidPromise());
        worker.services().flusher().flushLater(channel);
        long limit = worker.settings().clientOutputBuffer();
        ChannelOutboundBuffer unread = channel.unsafe().outboundBuffer();
        if (limit > 0 && unread != null && unread.totalPendingWriteBytes() > limit && !closing) {
            // Like Redis's client-output-buffer-limit: a client that does not read its replies cannot make
            // Slotway hold them without bound.
            closing = true;
            metrics().clientLimit(Metrics.ClientLimit.OUTPUT_BUFFER);
            log.warn("client {} closed: {} bytes of replies unread, over limits.client_output_buffer ({})",
                    address, unread.totalPendingWriteBytes(), limit);
            channel.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            // Counted and kept at DEBUG: scanners and misconfigured clients must not flood the log.
            metrics().tlsHandshakeFailed();
            log.debug("client {}: TLS handshake failed: {}", address, Causes.describe(handshake.cause()));
            return;
        }
        if (event instanceof IdleStateEvent && queue.isEmpty()) {
            // limits.client_idle_timeout: nothing sent or owed for that long.
            metrics().clientLimit(Metrics.ClientLimit.IDLE_TIMEOUT);
            log.debug("client {} closed: idle past limits.client_idle_timeout", address);
            closing = true;
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            metrics().clientLimit(Metrics.ClientLimit.PENDING_REPLY_BYTES);
        }
        updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    private void updateAutoRead() {
        boolean read = !closing && !draining && !pausedForPending && channel.isWritable();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    /** Stops reading; closes once every reply owed is written. */
    void drain() {
        draining = true;
        updateAutoRead();
        if (queue.isEmpty()) {
            closeAfterFlush();
        }
    }

    int pending() {
        return queue.size();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        discardQueue();
        if (worker.sessions().remove(this)) {
            metrics().clientDisconnected();
        }
        ctx.fireChannelInactive();
    }

    private void discardQueue() {
        // Bounded by the queue length.
        while (!queue.isEmpty()) {
            Exchange exchange = queue.poll();
            exchange.discard();
            exchange.released();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Connection resets and the like: nothing to tell a client that is gone.
        ctx.close();
    }
}
