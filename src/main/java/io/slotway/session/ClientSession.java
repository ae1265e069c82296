package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.slotway.auth.Authenticator;
import io.slotway.auth.Login;
import io.slotway.command.CommandSpec;
import io.slotway.command.ReplyMerger;
import io.slotway.command.SplitPlan;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.ProtocolError;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * One client connection: the Netty handler that hands each request to the serving generation's handler, and the
 * {@link Client} those handlers answer through. Replies go through the {@link ReplyQueue}, in request order.
 * Used only from the client's event loop.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter implements Client, ExchangeOwner, LaneHost {

    private final ClientLoop loop;
    private final ClientState state;
    private final CurrentCommand command;
    private Channel channel;
    private ReplyQueue replies;
    /** The client's address as reports show it. */
    private String address = "?";
    private final long bornNanos = System.nanoTime();
    private final ClientPools pools;
    /** Set once the connection is active. */
    private ExchangeReports reports;
    private int[] keyScratch = new int[16];
    private final DedicatedLane lane;

    public ClientSession(ClientLoop loop) {
        this.loop = loop;
        this.state = new ClientState(new Login(loop.served().number(), loop.served().authenticator()));
        this.command = new CurrentCommand(state);
        this.lane = new DedicatedLane(this);
        this.pools = new ClientPools(loop.pools(), state);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        address = ClientDescriptions.address(channel.remoteAddress());
        reports = new ExchangeReports(loop::metrics, loop::slowLog, address);
        replies = new ReplyQueue(channel, loop, address);
        loop.opened(this);
        metrics().clientConnected();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (replies.isClosing()) {
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
        if (lane.holding()) {
            // Behind a blocking command or a WATCH/EXEC on its way: handled once it is answered, as Redis would.
            lane.hold((Request) msg);
        } else {
            // Dispatched as it arrives, so its clock starts when its bytes came (held ones start when dispatched).
            command.arrived(((Request) msg).arrivedNanos());
            try {
                dispatch((Request) msg);
            } finally {
                command.arrived(0);
            }
        }
    }

    /** Hands {@code request} to the serving generation's handler, which owns it from here. */
    @Override
    public void dispatch(Request request) {
        loop.served().handler().handle(this, request);
    }

    @Override
    public Metrics metrics() {
        return loop.metrics();
    }

    /** Null until the connection is active. */
    public Channel channel() {
        return channel;
    }

    @Override
    public ClientState state() {
        return state;
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void started(CommandSpec spec) {
        command.start(loop.commandMetrics(spec), spec);
    }

    @Override
    public void denied() {
        command.denied();
    }

    @Override
    public void answer(ByteBuf reply) {
        command.answered(reply);
        replies.answer(reply, state.repliesSilenced());
    }

    @Override
    public void answerAndClose(ByteBuf reply) {
        command.answered(reply);
        replies.answerAndClose(reply, state.repliesSilenced());
    }

    @Override
    public void push(ByteBuf message, boolean afterReplies) {
        replies.push(message, state.protocol() == 3 && message.getByte(message.readerIndex()) == '>', afterReplies,
                state.mode().awaitsPushes(), state.repliesSilenced());
    }

    @Override
    public PendingAnswer answerLater(Request request, long timeoutNanos) {
        Exchange exchange = queued(Exchange.obtain(this, request), null, null, timeoutNanos);
        // The handle's hold, ended by its answer or failure.
        exchange.hold();
        return new LaterAnswer(exchange);
    }

    @Override
    public void answerAfterEarlier(Request request, Supplier<ByteBuf> answer) {
        lane.answerAfterEarlier(queued(Exchange.obtain(this, request), null, null, 0), answer);
    }

    @Override
    public void forward(Request request, Upstream upstream, UpstreamNode node) {
        send(Exchange.obtain(this, request), upstream, node);
    }

    @Override
    public void forwardUnit(Request request, Unit unit, Upstream upstream, UpstreamNode node) {
        Exchange exchange = Exchange.obtain(this, request);
        exchange.unit(unit);
        if (unit.barrier()) {
            // Before the send, which may end the exchange at once.
            lane.barrier(exchange);
        }
        send(exchange, upstream, node);
    }

    @Override
    public void forwardBlocking(Request request, Upstream upstream, UpstreamNode node, long timeoutNanos,
                                Reissue reissue) {
        lane.reissue(reissue);
        forwardDedicated(request, null, upstream, node, timeoutNanos, DedicatedUse.BLOCKING);
    }

    @Override
    public void forwardDedicated(Request request, Unit unit, Upstream upstream, UpstreamNode node,
                                 long timeoutNanos, DedicatedUse use) {
        Exchange exchange = Exchange.obtain(this, request);
        if (unit != null) {
            exchange.unit(unit);
        }
        boolean blocking = use == DedicatedUse.BLOCKING;
        // A blocking command's clock starts when the lane sends it: finding it a connection is bounded apart.
        queued(exchange, upstream, node, blocking ? 0 : timeoutNanos);
        lane.send(exchange, use, upstream, poolFor(node, upstream), upstream.config().timeouts().dedicatedAcquireNanos(),
                blocking ? timeoutNanos : 0);
    }

    @Override
    public void unpin() {
        lane.unpin();
    }

    @Override
    public boolean answeredBefore(Exchange exchange) {
        return replies.answeredBefore(exchange);
    }

    @Override
    public void heldChanged(int held) {
        replies.heldChanged(held);
    }

    @Override
    public boolean isClosing() {
        return replies.isClosing();
    }

    @Override
    public LoopServices services() {
        return loop.services();
    }

    @Override
    public int dedicatedPerNode() {
        return loop.served().settings().dedicatedPerNode();
    }

    /** Counts {@code exchange} against its command and queues it for its answer, in request order. */
    private Exchange queued(Exchange exchange, Upstream upstream, UpstreamNode node, long timeoutNanos) {
        exchange.upstream(upstream);
        command.handTo(exchange, upstream, node);
        replies.add(exchange.silenced(state.repliesSilenced()), timeoutNanos);
        return exchange;
    }

    private void send(Exchange exchange, Upstream upstream, UpstreamNode node) {
        queued(exchange, upstream, node, upstream.config().timeouts().commandNanos());
        // The send holds the exchange until the node's connection ends it.
        exchange.hold();
        upstream.send(poolFor(node, upstream), state.id(), exchange);
    }

    @Override
    public void fanOut(Request request, Upstream[] upstreams, UpstreamNode[] nodes, ByteBuf[] frames,
                       ReplyMerger merger, SplitPlan plan, long timeoutNanos) {
        Exchange exchange = Exchange.obtain(this, request);
        FanOut fanOut = new FanOut(loop.served().settings().maxFanoutReplyBytes(), exchange, upstreams, merger, plan,
                nodes, frames, state.protocol());
        exchange.fanOut(fanOut);
        metrics().upstream(upstreams[0].name()).fanout(nodes.length);
        // The first part's upstream for reports and timeout counts; no one node.
        queued(exchange, upstreams[0], null, timeoutNanos);
        // A part failing at once may finish the exchange; this loop's own hold keeps it from being reused meanwhile.
        exchange.hold();
        // Bounded by the topology's shard count, each shard asked exactly once.
        for (int i = 0; i < fanOut.size() && !exchange.isDone(); i++) {
            fanOut.part(i).send(poolFor(nodes[i], upstreams[i]), state.id());
        }
        exchange.released();
    }

    @Override
    public NodePool poolFor(UpstreamNode node, Upstream upstream) {
        return pools.pool(node, upstream);
    }

    @Override
    public NodePool poolFor(UpstreamNode node, Upstream upstream, int protocol) {
        return pools.ownPool(node, upstream, protocol);
    }

    @Override
    public int[] keyScratch(int atLeast) {
        if (keyScratch.length < atLeast) {
            keyScratch = new int[Math.max(atLeast, keyScratch.length * 2)];
        }
        return keyScratch;
    }

    @Override
    public Authenticator.User user() {
        return state.login().user(loop.served().number(), loop.served().authenticator());
    }

    @Override
    public void loggedIn(Authenticator.User user) {
        state.login().loggedIn(user, loop.served().number());
    }

    @Override
    public void logout() {
        Served served = loop.served();
        state.login().reset(served.number(), served.authenticator());
    }

    @Override
    public ExchangeReports reports() {
        return reports;
    }

    @Override
    public void deliver() {
        replies.deliver();
        lane.earlierAnswered();
    }

    /** A reload switched this loop to {@code next}: this client's bounds and login follow it (call on the loop). */
    public void reconfigure(Served next) {
        pools.forget();
        // At once, not at the next command: a user removed now stays logged out even if a later file re-adds it.
        state.login().user(next.number(), next.authenticator());
        if (replies != null) {
            replies.boundsChanged();
            replies.updateAutoRead();
        }
    }

    /** Stops reading; closes once every reply owed is written (a subscriber only at {@link #interruptBlocking}). */
    public void drain() {
        if (state.mode().awaitsPushes()) {
            replies.stopReading();
        } else {
            replies.drain();
        }
    }

    /** The drain deadline is near: a blocked command gets an error (nothing pops), a subscriber is closed. */
    public void interruptBlocking() {
        lane.interruptBlocking();
        if (state.mode().awaitsPushes()) {
            replies.drain();
        }
    }

    /** Null until the connection is active. */
    ReplyQueue replies() {
        return replies;
    }

    @Override
    public ClientDescription describe() {
        return ClientDescriptions.of(state, address, user(), channel, replies, command, lane.blocking(), bornNanos);
    }

    @Override
    public void kill() {
        replies.close();
    }

    @Override
    public void closeAfterReplies() {
        replies.drain();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent && replies.closeIfIdle(state.mode().awaitsPushes()))) {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            metrics().clientLimit(Metrics.ClientLimit.PENDING_REPLY_BYTES);
        }
        replies.updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        replies.discard();
        state.gone();
        lane.clientGone();
        if (loop.closed(this)) {
            metrics().clientDisconnected();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Connection resets and the like: nothing to tell a client that is gone.
        ctx.close();
    }
}
