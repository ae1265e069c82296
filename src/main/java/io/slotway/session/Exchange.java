package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.util.Recycler;
import io.slotway.loop.Deadline;
import io.slotway.metrics.CommandMetrics;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.UpstreamRequest;

import java.nio.charset.StandardCharsets;

/**
 * One client request on its way through Slotway: it holds the request until an answer exists (from a node, from
 * Slotway itself, or an error), then holds that answer until the session writes it in request order.
 * Used only from the client's event loop.
 *
 * <p>Exchanges are pooled, so a forwarded command allocates nothing. An exchange counts who still refers to it:
 * the session's queue until its reply is written or dropped, and every send to a node (of the exchange itself, or
 * of one of its fan-out parts) until that node's connection completes or fails it, which it does exactly once per
 * send. A reply arriving after a timeout thus never meets a recycled exchange serving another request.
 */
final class Exchange extends Deadline implements UpstreamRequest {

    static final String TIMEOUT = "ERR upstream timeout";

    private static final Recycler<Exchange> POOL = new Recycler<>() {
        @Override
        protected Exchange newObject(Handle<Exchange> handle) {
            return new Exchange(handle);
        }
    };

    private final Recycler.Handle<Exchange> handle;
    private ExchangeOwner session;
    private Request request;
    private ByteBuf reply;
    private boolean abandoned;
    private boolean closeAfterReply;
    /** Its answer is dropped instead of written: CLIENT REPLY OFF or SKIP was in force when it came. */
    private boolean silent;
    /** Set when the request went to several shards instead of one. */
    private FanOut fanOut;
    /** Where the request went. */
    private Upstream upstream;
    private int holds;
    /** What the answer is counted as, from when; null once counted (or for answers Slotway made itself). */
    private CommandMetrics command;
    private long startNanos;
    /** The argument holding the first key (0: none), for reports. */
    private int keyIndex;
    /** The node the request went to; null for fan-outs. */
    private UpstreamNode node;
    private boolean reportedLongRunning;
    /** Several commands sent as one for this request (a transaction), when set. */
    private final UnitReplies unit = new UnitReplies();
    /** The lane of a request sent on a dedicated connection, told how it ended; else null. */
    private LaneCallbacks lane;
    /** A blocking command waiting as long as it asked to: reported as blocked, not as long-running. */
    private boolean blocking;
    /** What the answer goes through before the client sees it (key names, a delay fault). */
    private final AnswerTerms terms = new AnswerTerms();

    private Exchange(Recycler.Handle<Exchange> handle) {
        this.handle = handle;
    }

    /** Takes ownership of {@code request} (may be null for answers that need none); held by the session's queue. */
    static Exchange obtain(ExchangeOwner session, Request request) {
        Exchange exchange = POOL.get();
        exchange.session = session;
        exchange.request = request;
        exchange.holds = 1;
        return exchange;
    }

    /** An answer Slotway made itself, queued behind replies still owed: it needs no session. */
    static Exchange answered(ByteBuf reply) {
        Exchange exchange = obtain(null, null);
        exchange.reply = reply;
        return exchange;
    }

    /**
     * Counts one more holder: a send to a node (of this exchange or a fan-out part) until its connection ends it,
     * or a caller that must still touch the exchange after something may have finished it.
     */
    void hold() {
        holds++;
    }

    /** One holder is done with this exchange; the last returns it to the pool. */
    void released() {
        if (--holds > 0) {
            return;
        }
        if (holds < 0) {
            // A bug, not a condition: recycling twice would hand one exchange to two requests.
            throw new IllegalStateException("exchange released more often than held");
        }
        disarm();
        session = null;
        request = null;
        reply = null;
        abandoned = false;
        closeAfterReply = false;
        silent = false;
        fanOut = null;
        upstream = null;
        command = null;
        startNanos = 0;
        keyIndex = 0;
        node = null;
        reportedLongRunning = false;
        unit.reset();
        lane = null;
        blocking = false;
        terms.reset();
        handle.recycle(this);
    }

    /** Counts the answer against {@code command} once it exists, timed from {@code startNanos}. */
    void track(CommandMetrics command, long startNanos, int keyIndex, UpstreamNode node) {
        this.command = command;
        this.startNanos = startNanos;
        this.keyIndex = keyIndex;
        this.node = node;
    }

    AnswerTerms terms() {
        return terms;
    }

    long startNanos() {
        return startNanos;
    }

    String commandName() {
        return command == null ? "?" : command.name();
    }

    String upstreamName() {
        return upstream == null ? "?" : upstream.name();
    }

    String nodeName() {
        return node == null ? null : node.toString();
    }

    /** The first key as text, at most 64 characters, or null; only while the request is held. */
    String key() {
        if (request == null || keyIndex <= 0 || keyIndex >= request.count()) {
            return null;
        }
        int length = Math.min(request.length(keyIndex), 64);
        return request.buffer().toString(request.offset(keyIndex), length, StandardCharsets.UTF_8);
    }

    /** True the first time a sweep finds this request past the long-running threshold. */
    boolean markLongRunning() {
        if (reportedLongRunning) {
            return false;
        }
        reportedLongRunning = true;
        return true;
    }

    void lane(LaneCallbacks lane, boolean blocking) {
        this.lane = lane;
        this.blocking = blocking;
    }

    boolean blocking() {
        return blocking;
    }

    /** Several commands sent as one (a transaction's MULTI ... EXEC). */
    boolean isUnit() {
        return unit.isSet();
    }

    /** The request, while it is held (until the answer exists). */
    Request request() {
        return request;
    }

    void upstream(Upstream upstream) {
        this.upstream = upstream;
    }

    void fanOut(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    io.netty.buffer.ByteBufAllocator alloc() {
        return session.alloc();
    }

    Exchange closeAfterReply() {
        closeAfterReply = true;
        return this;
    }

    /** When {@code silent}, the answer is dropped, not written (CLIENT REPLY OFF or SKIP). */
    Exchange silenced(boolean silent) {
        this.silent = silent;
        return this;
    }

    boolean silent() {
        return silent;
    }

    boolean closesConnection() {
        return closeAfterReply;
    }

    /** Answered: its reply is here, or held by a delay fault (then not yet {@link #hasReply}). */
    boolean isDone() {
        return reply != null || terms.holding();
    }

    boolean hasReply() {
        return reply != null;
    }

    /** Hands the reply to the caller, who now owns it. */
    ByteBuf takeReply() {
        ByteBuf taken = reply;
        reply = Replies.NULL_BULK;
        return taken;
    }

    /** Sends the unit's frame instead of the request, answering with its chosen reply; takes the frame. */
    void unit(Unit unit) {
        this.unit.set(unit);
    }

    @Override
    public void leadingReply(ByteBuf reply) {
        unit.leadingReply(reply);
    }

    @Override
    public void unitRestarted() {
        unit.restarted();
    }

    @Override
    public void leadingDropped() {
        unit.leadingDropped();
    }

    @Override
    public ByteBuf frame() {
        return unit.isSet() ? unit.frame() : request.frame();
    }

    @Override
    public int replyCount() {
        return unit.replies();
    }

    @Override
    public void complete(ByteBuf reply) {
        ByteBuf held = unit.takeHeldAnswer();
        if (held != null) {
            // A reply before the last answers (EXEC's, before the SELECT back): the trailing ones are dropped.
            reply.release();
            reply = held;
        } else if (unit.answerDropped()) {
            reply.release();
            fail("ERR reply too large, dropped by Slotway");
            return;
        }
        try {
            if (lane != null && lane.replied(this, reply)) {
                // The lane sends the request again (its keys moved): this reply is not the answer.
                reply.release();
                return;
            }
            if (isDone()) {
                // Late (after a timeout) or unwanted: it must never reach this client or another.
                reply.release();
                return;
            }
            unit.answered(reply);
            finish(reply);
        } finally {
            released();
        }
    }

    /** The answer a fan-out merged from its parts (not the end of a send: each part ends its own). */
    void answer(ByteBuf merged) {
        if (isDone()) {
            merged.release();
        } else {
            finish(merged);
        }
    }

    @Override
    public void fail(String error) {
        try {
            if (lane != null) {
                lane.failed(this);
            }
            ByteBuf held = isDone() ? null : unit.takeHeldAnswer();
            if (held != null) {
                // EXEC's answer came before the connection was lost: the transaction ran, and that is the answer.
                unit.answered(held);
                finish(held);
                return;
            }
            if (!isDone()) {
                finish(Replies.error(session.alloc(), error));
            }
        } finally {
            released();
        }
    }

    @Override
    protected void expired() {
        if (!isDone()) {
            session.reports().timedOut(upstream, node);
            interrupt(TIMEOUT);
        }
    }

    /** Answers {@code error} now, though the node may still answer; that reply is dropped when it comes. */
    void interrupt(String error) {
        if (isDone()) {
            return;
        }
        // The reply may still come; it is dropped so it can never reach this client or another.
        abandoned = true;
        finish(Replies.error(session.alloc(), error));
        if (lane != null) {
            lane.interrupted(this);
        }
    }

    @Override
    public boolean isAbandoned() {
        return abandoned;
    }

    private void finish(ByteBuf answer) {
        disarm();
        if (terms.hold(this, answer, session)) {
            return;
        }
        finishHeld(answer);
    }

    /** Finishes with {@code answer} once no delay holds it, unless something else answered meanwhile. */
    void finishHeld(ByteBuf answer) {
        if (isDone()) {
            answer.release();
            return;
        }
        if (command != null) {
            long nanos = System.nanoTime() - startNanos;
            command.record(nanos, Replies.isError(answer));
            session.reports().finished(this, nanos);
            command = null;
        }
        reply = terms.shape(session.alloc(), answer);
        releaseRequest();
        session.deliver();
    }

    /** The client went away: drop everything this exchange holds; a late reply will be dropped too. */
    void discard() {
        disarm();
        abandoned = true;
        unit.releaseHeldAnswer();
        terms.releaseHeld();
        releaseRequest();
        if (reply != null && reply != Replies.NULL_BULK) {
            reply.release();
        }
        reply = Replies.NULL_BULK;
    }

    private void releaseRequest() {
        if (fanOut != null) {
            fanOut.releaseAll();
        }
        unit.releaseFrame();
        if (request != null) {
            request.release();
            request = null;
        }
    }
}
