package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.slotway.loop.FlushBatcher;
import io.slotway.loop.GatherBuffer;
import io.slotway.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.ObjLongConsumer;

/**
 * One client's requests in arrival order, each until its reply is written: replies leave strictly in request order,
 * whichever node or local handler answers first. Reading from the client pauses while too many requests are
 * pending or it does not read its replies, so memory per client stays bounded. Used only from the client's loop.
 */
final class ReplyQueue implements FlushBatcher.Flushable {

    private static final Logger log = LoggerFactory.getLogger(ReplyQueue.class);

    /**
     * Small, as a connection's queues never shrink and idle and blocked clients are most of them; a pipelining client
     * grows its queue once.
     */
    private static final int INITIAL_CAPACITY = 4;

    private final ArrayDeque<Exchange> queue = new ArrayDeque<>(INITIAL_CAPACITY);
    private final Channel channel;
    private final ClientLoop loop;
    private final String address;
    private boolean closing;
    private boolean draining;
    /** Reading stopped for good (a draining subscriber), though the connection stays open. */
    private boolean readingStopped;
    private boolean pausedForPending;
    /** Requests held behind a dedicated request reached the pending limit. */
    private boolean pausedForHeld;
    /** The last flush was put off (a transaction's EXEC was on its way): the next one happens whatever comes. */
    private boolean flushPutOff;
    /** A flush is due at the end of this loop iteration; asked for once, whatever was written meanwhile. */
    private boolean flushDue;
    /** A subscriber's messages since the last flush, gathered into one buffer. */
    private final GatherBuffer pushes = new GatherBuffer();
    /** When unread messages went past the soft pub/sub limit and stayed there ({@link System#nanoTime}); 0: not. */
    private long softLimitSince;

    ReplyQueue(Channel channel, ClientLoop loop, String address) {
        this.channel = channel;
        this.loop = loop;
        this.address = address;
    }

    /** No more requests are read or answered (after QUIT, a protocol error, or the client going away). */
    boolean isClosing() {
        return closing;
    }

    /** Replies owed, written or not yet: CLIENT LIST's {@code oll}. */
    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** A reply Slotway made itself: written now if nothing is owed before it. The queue owns {@code reply}. */
    void answer(ByteBuf reply) {
        answer(reply, false);
    }

    /** As {@link #answer(ByteBuf)}; a {@code silent} reply (CLIENT REPLY OFF or SKIP) is dropped in its turn. */
    void answer(ByteBuf reply, boolean silent) {
        if (queue.isEmpty()) {
            if (silent) {
                reply.release();
            } else {
                write(reply);
            }
        } else {
            queue.add(Exchange.answered(reply).silenced(silent));
        }
    }

    /**
     * A message nobody asked for: written as {@link #answer} writes (after every reply owed), or at once when it is a
     * {@code resp3Push} (which a client tells from a reply by its type, as Redis sends it even to a blocked client)
     * that need not wait ({@code afterReplies}: an invalidation waits for owed reads, which may carry old values).
     * Dropped when {@code silent} (CLIENT REPLY OFF or SKIP). A {@code subscriber} that leaves too many unread is
     * closed, like Redis's {@code client-output-buffer-limit
     * pubsub}, so one slow reader holds no more than that.
     */
    void push(ByteBuf message, boolean resp3Push, boolean afterReplies, boolean subscriber, boolean silent) {
        if (silent) {
            // CLIENT REPLY OFF or SKIP: Redis 7.0 holds back messages too.
            message.release();
            return;
        }
        boolean atOnce = resp3Push && !closing && (!afterReplies || onlyBlockedOwed());
        if (subscriber && !closing && (atOnce || queue.isEmpty()) && GatherBuffer.gathers(message)) {
            try {
                pushes.copy(channel, message);
            } finally {
                message.release();
            }
            flushSoon();
        } else if (atOnce) {
            write(message);
        } else {
            answer(message);
        }
        if (!subscriber) {
            // An invalidation to a caching client: bounded by its own replies' limit, not a subscriber's.
            return;
        }
        ClientSettings settings = loop.served().settings();
        long pending = unsentBytes();
        // A gathered message passed no limit yet: the client's own applies too, with the pub/sub ones below.
        checkOutputLimit(pending);
        long now = settings.pubsubOutputSoft() > 0 && pending > settings.pubsubOutputSoft() ? System.nanoTime() : 0;
        if (now == 0) {
            softLimitSince = 0;
        } else if (softLimitSince == 0) {
            softLimitSince = now;
        }
        boolean overSoft = now != 0 && now - softLimitSince > settings.pubsubOutputSoftTime().toNanos();
        if (!closing && (settings.pubsubOutput() > 0 && pending > settings.pubsubOutput() || overSoft)) {
            closing = true;
            loop.metrics().clientLimit(Metrics.ClientLimit.PUBSUB_OUTPUT_BUFFER);
            log.warn("subscriber {} closed: {} bytes of messages unread, over limits.pubsub_output_buffer{}", address,
                    pending, overSoft ? "_soft for limits.pubsub_output_buffer_soft_time" : "");
            channel.close();
        }
    }

    /**
     * Whether every reply owed is a blocking command's, still waiting: an invalidation need not wait behind them,
     * as no read it could overtake is among them.
     */
    private boolean onlyBlockedOwed() {
        // Bounded by the replies owed.
        for (Exchange owed : queue) {
            if (!owed.blocking() || owed.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** {@code reply} is the last: nothing after it is read or answered, and the connection then closes. */
    void answerAndClose(ByteBuf reply, boolean silent) {
        closing = true;
        channel.config().setAutoRead(false);
        queue.add(Exchange.answered(reply).silenced(silent).closeAfterReply());
        deliver();
    }

    /** A request on its way to a node, its deadline {@code timeoutNanos} from its start (or now). */
    void add(Exchange exchange, long timeoutNanos) {
        queue.add(exchange);
        if (timeoutNanos > 0) {
            long started = exchange.startNanos();
            loop.services().deadlines().armFrom(exchange, timeoutNanos, started != 0 ? started : System.nanoTime());
        }
        // 0: a blocking command, whose lane arms its own deadline when it is sent (none for timeout 0).
        if (queue.size() >= loop.served().settings().maxPendingRequests() && !pausedForPending) {
            pausedForPending = true;
            loop.metrics().clientLimit(Metrics.ClientLimit.PENDING_REQUESTS);
            updateAutoRead();
        }
    }

    /** Writes every finished reply at the head of the queue, in order. */
    void deliver() {
        // Bounded by the queue length; writing never adds to the queue.
        while (!queue.isEmpty() && queue.peek().hasReply()) {
            Exchange head = queue.poll();
            ByteBuf reply = head.takeReply();
            boolean last = head.closesConnection();
            boolean silent = head.silent();
            // The queue's hold ends here; the exchange may be reused at once.
            head.released();
            if (last) {
                if (silent) {
                    reply.release();
                    reply = Unpooled.EMPTY_BUFFER;
                }
                pushes.writeTo(channel);
                channel.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
                discard();
                return;
            }
            if (silent) {
                reply.release();
            } else {
                write(reply);
            }
        }
        boundsChanged();
        if (draining && queue.isEmpty()) {
            closeAfterFlush();
        }
    }

    /** Whether every request before {@code exchange} has its answer (written or not). */
    boolean answeredBefore(Exchange exchange) {
        // Bounded by the queue; the exchange is in it.
        for (Exchange earlier : queue) {
            if (earlier == exchange) {
                return true;
            }
            if (!earlier.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** {@code held} requests wait behind a dedicated one: reading pauses at the pending limit, and resumes below it. */
    void heldChanged(int held) {
        boolean pause = held >= loop.served().settings().maxPendingRequests();
        if (pause != pausedForHeld) {
            pausedForHeld = pause;
            updateAutoRead();
        }
    }

    /** Resumes reading once the pending requests are down to half the limit (also after a reload changed it). */
    void boundsChanged() {
        if (pausedForPending && queue.size() <= loop.served().settings().maxPendingRequests() / 2) {
            pausedForPending = false;
            updateAutoRead();
        }
    }

    private void write(ByteBuf reply) {
        // Messages gathered before it leave before it. The channel owns the reply from here.
        pushes.writeTo(channel);
        channel.write(reply, channel.voidPromise());
        flushSoon();
        checkOutputLimit(unsentBytes());
    }

    /** Bytes written or gathered for the client and not yet sent. */
    long unsentBytes() {
        ChannelOutboundBuffer unread = channel.unsafe().outboundBuffer();
        return (unread == null ? 0 : unread.totalPendingWriteBytes()) + pushes.bytes();
    }

    /** Closes a client with {@code unsent} bytes of replies past limits.client_output_buffer (0: no limit). */
    private void checkOutputLimit(long unsent) {
        long limit = loop.served().settings().clientOutputBuffer();
        if (limit > 0 && unsent > limit && !closing) {
            // Like Redis's client-output-buffer-limit: a client that does not read its replies cannot make
            // Slotway hold them without bound.
            closing = true;
            loop.metrics().clientLimit(Metrics.ClientLimit.OUTPUT_BUFFER);
            log.warn("client {} closed: {} bytes of replies unread, over limits.client_output_buffer ({})",
                    address, unsent, limit);
            channel.close();
        }
    }

    /** Has what was written flushed at the end of this loop iteration. */
    private void flushSoon() {
        if (!flushDue) {
            flushDue = true;
            loop.services().flusher().flushLater(this);
        }
    }

    /**
     * Flushes what was written, unless the next answer owed is a unit already on its way (a transaction's EXEC, or
     * the rare CLIENT UNBLOCK): then what was written waits for it, once, so a pipelined transaction's {@code +OK} and
     * {@code +QUEUED}s leave with EXEC's reply in one write, as Redis answers it, instead of two. Every unit has a
     * deadline, so the wait is bounded.
     */
    @Override
    public void flush() {
        flushDue = false;
        Exchange head = queue.peek();
        if (!flushPutOff && head != null && !head.isDone() && head.isUnit() && !head.blocking()) {
            flushPutOff = true;
            return;
        }
        flushPutOff = false;
        pushes.writeTo(channel);
        channel.flush();
    }

    /** Reads from the client only while nothing holds it back. */
    void updateAutoRead() {
        boolean read = !closing && !draining && !readingStopped && !pausedForPending && !pausedForHeld
                && channel.isWritable();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    /** Stops reading, and nothing more (a subscriber during a drain keeps receiving). */
    void stopReading() {
        readingStopped = true;
        updateAutoRead();
    }

    /** Stops reading; closes once every reply owed is written. */
    void drain() {
        draining = true;
        updateAutoRead();
        if (queue.isEmpty()) {
            closeAfterFlush();
        }
    }

    /** Closes now. */
    void close() {
        closing = true;
        channel.close();
    }

    /** limits.client_idle_timeout passed: closes, unless a reply is owed or the client awaits pushes (a subscriber). */
    boolean closeIfIdle(boolean awaitsPushes) {
        if (!queue.isEmpty() || awaitsPushes) {
            return false;
        }
        loop.metrics().clientLimit(Metrics.ClientLimit.IDLE_TIMEOUT);
        log.debug("client {} closed: idle past limits.client_idle_timeout", address);
        close();
        return true;
    }

    /** Closes only once the replies already written have left, so a drained client loses nothing it was owed. */
    private void closeAfterFlush() {
        pushes.writeTo(channel);
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** The client went away: every request still owed is dropped, with what it holds. */
    void discard() {
        closing = true;
        pushes.release();
        // Bounded by the queue length.
        while (!queue.isEmpty()) {
            Exchange exchange = queue.poll();
            exchange.discard();
            exchange.released();
        }
    }

    /**
     * Shows {@code visit} each request still waiting for its answer after {@code thresholdNanos}, with its age
     * (blocking commands waiting as long as they asked only {@code withBlocked}); returns how many. Only the oldest requests are visited: the queue is in arrival order.
     */
    int visitLongRunning(long now, long thresholdNanos, boolean withBlocked, ObjLongConsumer<Exchange> visit) {
        int count = 0;
        // Bounded by the queue, and stops at the first request younger than the threshold.
        for (Exchange exchange : queue) {
            if (exchange.startNanos() == 0 || exchange.isDone() || exchange.blocking() && !withBlocked) {
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
}
