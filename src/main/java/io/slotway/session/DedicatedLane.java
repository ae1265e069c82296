package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.Request;
import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One client's requests on dedicated connections (WATCH, EXEC after WATCH, blocking commands), and the ordering
 * they need. Such a request is a barrier: it is sent only once every earlier request of the client has its answer
 * (so it cannot overtake them on another connection), and later requests are held, unread by Slotway's handlers,
 * until it is answered, as Redis does not run a blocked client's next command. Used only from the client's loop.
 */
final class DedicatedLane implements LaneCallbacks {

    static final String SHUTTING_DOWN = "ERR Slotway is shutting down; the blocking command was ended before it "
            + "was served";

    private final LaneHost session;
    private final HeldRequests held;
    /** The barrier: the dedicated request under way (waiting for earlier answers, for a lease, or sent); or null. */
    private Exchange current;
    private DedicatedUse use;
    private Upstream upstream;
    private NodePool pool;
    private long acquireNanos;
    /** A blocking command's deadline from when it is first sent (its own timeout plus grace); 0 for none. */
    private long blockNanos;
    private boolean waitingForEarlier;
    /** The pool's answer for {@link #current}, while one is awaited. */
    private LaneLease lease;
    /** Where {@link #current} was sent; null until then. */
    private DedicatedConnection sentOn;
    /** The connection WATCH ran on, kept until EXEC, DISCARD, UNWATCH or RESET. */
    private final WatchPin watch = new WatchPin();
    /** What answers the current {@link DedicatedUse#SWITCH} request once the earlier ones are answered. */
    private final SwitchAnswer switchAnswer = new SwitchAnswer();
    /** How a blocking command is sent again after its keys moved. */
    private final Reissues reissues = new Reissues();
    /** Counts sends, so a delayed resend can tell its request from a later one in a recycled exchange. */
    private long sends;
    /** The current blocking command while it waits: counted, and findable by CLIENT UNBLOCK. */
    private final BlockedWait blocked;
    /** Slotway is stopping: no blocking command may start blocking any more. */
    private boolean shuttingDown;

    DedicatedLane(LaneHost session) {
        this.session = session;
        this.held = new HeldRequests(session, this::barrierUp);
        this.blocked = new BlockedWait(session.metrics(), session.state());
    }

    /** Whether requests must wait: a dedicated request is under way, or earlier held ones are not yet handled. */
    boolean holding() {
        return current != null || !held.isEmpty();
    }

    /** Whether a dedicated request is under way: the barrier is up. */
    boolean barrierUp() {
        return current != null;
    }

    /** Keeps {@code request} until the barrier lifts; reading pauses once the client's pending limit is reached. */
    void hold(Request request) {
        held.add(request);
    }

    /** Later requests wait for {@code exchange}, sent on a shared connection by the caller right after. */
    void barrier(Exchange exchange) {
        exchange.hold();
        exchange.lane(this, false);
        current = exchange;
        use = DedicatedUse.BARRIER;
        sentOn = null;
        waitingForEarlier = false;
        sends++;
    }

    /**
     * {@code exchange} (held by the reply queue) is answered with what {@code answer} returns once every earlier
     * request has its answer; later requests wait until then. No deadline of its own: the earlier requests have theirs.
     */
    void answerAfterEarlier(Exchange exchange, Supplier<ByteBuf> answer) {
        // A barrier (the lane's hold), completed in advance() (the completion's hold) instead of by a connection.
        barrier(exchange);
        exchange.hold();
        use = DedicatedUse.SWITCH;
        switchAnswer.set(answer);
        waitingForEarlier = true;
        advance();
    }

    /** Set just before a blocking command's {@link #send}: how it goes again after its keys moved. */
    void reissue(Reissue reissue) {
        reissues.next(reissue);
    }

    /** Sends {@code exchange} (held by the reply queue) as a barrier on a dedicated connection of {@code pool}. */
    void send(Exchange exchange, DedicatedUse use, Upstream upstream, NodePool pool, long acquireNanos,
              long blockNanos) {
        // The lane's own hold: handed to the connection when sent, or let go if the request ends before that.
        exchange.hold();
        exchange.lane(this, use == DedicatedUse.BLOCKING);
        this.current = exchange;
        this.use = use;
        this.pool = pool;
        this.upstream = upstream;
        this.acquireNanos = acquireNanos;
        this.blockNanos = blockNanos;
        this.sentOn = null;
        this.waitingForEarlier = true;
        this.sends++;
        reissues.started(use == DedicatedUse.BLOCKING);
        if (use == DedicatedUse.UNPIN) {
            watch.claim();
        }
        advance();
    }

    /** Whether a blocking command of the client waits on its node now (CLIENT LIST's {@code b}). */
    boolean blocking() {
        return sentOn != null && use == DedicatedUse.BLOCKING;
    }

    /** Some answer arrived: the request waiting for the client's earlier answers may go now. */
    void earlierAnswered() {
        if (waitingForEarlier) {
            advance();
        }
    }

    private void advance() {
        if (!session.answeredBefore(current)) {
            return;
        }
        waitingForEarlier = false;
        if (current.isDone()) {
            // Its deadline passed while it waited.
            endUnsent();
            return;
        }
        switch (use) {
            case BARRIER -> {
                // Sent by the session itself; never waits here.
            }
            // replied() lifts the barrier.
            case SWITCH -> current.complete(switchAnswer.take(session.alloc()));
            case BLOCKING -> {
                if (shuttingDown) {
                    refuse(SHUTTING_DOWN);
                } else {
                    lease();
                }
            }
            case PIN -> {
                String refusal = watch.watchRefusal(pool.dedicated());
                if (refusal != null) {
                    refuse(refusal);
                } else if (watch.pinned() == null) {
                    lease();
                } else {
                    sendOn(watch.pinned());
                }
            }
            case UNPIN -> {
                DedicatedConnection connection = watch.execConnection(pool.dedicated(), session.services().deadlines(),
                        unwatchNanos());
                if (connection == null) {
                    session.metrics().transactionEnded(Metrics.TransactionEnd.ABORTED);
                    refuse(watch.execRefusal());
                } else {
                    session.metrics().transactionEnded(Metrics.TransactionEnd.COMMITTED);
                    sendOn(connection);
                }
            }
        }
    }

    /** How long an UNWATCH that gives a pinned connection back may take. */
    private long unwatchNanos() {
        return upstream.config().timeouts().commandNanos();
    }

    private void lease() {
        lease = new LaneLease(this, current);
        pool.dedicated().lease(session.dedicatedPerNode(), acquireNanos, lease);
    }

    /** Whether {@code lease} is still awaited: its request is the current one and still wants an answer. */
    boolean awaits(LaneLease lease, Exchange exchange) {
        return this.lease == lease && current == exchange && !exchange.isDone();
    }

    /** The awaited lease came: a WATCH keeps the connection, and the request goes. */
    void leased(DedicatedConnection connection) {
        lease = null;
        if (use == DedicatedUse.PIN) {
            watch.pin(connection);
        }
        sendOn(connection);
    }

    /** The awaited lease was refused: the request is answered with why. */
    void leaseRefused(String error) {
        lease = null;
        refuse(error);
    }

    private void sendOn(DedicatedConnection connection) {
        sentOn = connection;
        if (use == DedicatedUse.BLOCKING) {
            blocked.started(upstream, connection);
            if (blockNanos > 0 && !current.isArmed()) {
                // From its first send only: sent again after its keys moved, it keeps the time it had left.
                // Its own timeout can be any value: kept in the loop's one queue for arbitrary timeouts.
                session.services().deadlines().armAnyTimeout(current, blockNanos);
            }
        }
        // The lane's hold passes to the connection, which ends the exchange exactly once.
        connection.send(current);
    }

    /** Ends the current request with {@code error} without sending it. */
    private void refuse(String error) {
        // fail() ends the lane's hold, and tells this lane the request ended.
        current.fail(error);
    }

    /** The current request ended before it was sent: the lane's hold goes, and a claimed WATCH is let go. */
    private void endUnsent() {
        Exchange exchange = current;
        end();
        exchange.released();
        if (use == DedicatedUse.UNPIN) {
            watch.returnClaimed(session.services().deadlines(), unwatchNanos());
        }
        resume();
    }

    /**
     * The node answered the current request with {@code reply}: the connection is in a known state. True when the
     * reply is not the answer: the keys of a blocking command moved, and it will be sent again.
     */
    @Override
    public boolean replied(Exchange exchange, ByteBuf reply) {
        if (exchange != current) {
            return false;
        }
        if (use == DedicatedUse.BARRIER || use == DedicatedUse.SWITCH) {
            endUnsent();
            return false;
        }
        DedicatedConnection connection = sentOn;
        long delay = use == DedicatedUse.BLOCKING ? reissues.delayMillis(exchange, reply) : -1;
        if (delay >= 0) {
            boolean clean = blocked.ended();
            sentOn = null;
            BlockedWait.releaseOrClose(connection, clean);
            upstream.requestRefresh();
            // The connection's hold ends with this reply; the lane holds the exchange again until it is resent.
            exchange.hold();
            long send = sends;
            session.services().loop().schedule(() -> sendAgain(exchange, send), delay, TimeUnit.MILLISECONDS);
            return true;
        }
        boolean clean = end();
        if (use == DedicatedUse.BLOCKING) {
            BlockedWait.releaseOrClose(connection, clean);
        } else if (use == DedicatedUse.UNPIN) {
            WatchPin.afterExec(connection, reply);
        }
        resume();
        return false;
    }

    /** The blocking command whose keys moved goes to where they are now, with the time it has left. */
    private void sendAgain(Exchange exchange, long send) {
        if (send != sends || current != exchange || exchange.isDone()) {
            // Its deadline passed or its client left meanwhile; that path let go of it.
            return;
        }
        UpstreamNode target = reissues.target(exchange);
        String refusal = shuttingDown ? SHUTTING_DOWN
                : target == null ? "ERR the keys of the blocking command moved, and no primary holds them now"
                : reissues.prepare(exchange, session.alloc(), upstream.config().timeouts().commandNanos());
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        pool = session.poolFor(target, upstream);
        lease();
    }

    /** The current request failed (connection lost, or refused before it was sent). */
    @Override
    public void failed(Exchange exchange) {
        if (exchange != current) {
            return;
        }
        if (use == DedicatedUse.BARRIER || use == DedicatedUse.SWITCH) {
            endUnsent();
            return;
        }
        DedicatedConnection connection = sentOn;
        end();
        if (connection != null) {
            connection.close("a request on it failed");
            lostPin();
        }
        resume();
    }

    /** The current request got an answer of Slotway's (deadline, drain) while the node may still be working on it. */
    @Override
    public void interrupted(Exchange exchange) {
        if (exchange != current) {
            return;
        }
        DedicatedConnection connection = sentOn;
        if (connection == null) {
            endUnsent();
            return;
        }
        end();
        // Its state is unknown: a blocking command may still pop, an EXEC may still run.
        connection.close("its client's request ended before the node answered");
        lostPin();
        resume();
    }

    /** A WATCH whose connection was closed guards nothing any more: its EXEC must fail. */
    private void lostPin() {
        if (use == DedicatedUse.PIN) {
            watch.lost();
        }
    }

    /**
     * The current request is over (the lane's own {@link #use} stays readable for the caller); false when its
     * connection must not be reused (see {@link BlockedWait#ended}).
     */
    private boolean end() {
        boolean clean = true;
        if (sentOn != null && use == DedicatedUse.BLOCKING) {
            clean = blocked.ended();
        }
        current = null;
        sentOn = null;
        waitingForEarlier = false;
        lease = null;
        switchAnswer.clear();
        return clean;
    }

    /** Handles the requests held behind the barrier, later on the loop, until one raises it again. */
    private void resume() {
        held.resume();
    }

    /** WATCH's guard is over (EXEC without it, DISCARD, UNWATCH, RESET): UNWATCH, then back to the pool. */
    void unpin() {
        if (upstream != null) {
            watch.unpin(session.services().deadlines(), unwatchNanos());
        }
    }

    /**
     * Slotway is stopping: a blocked request gets the shutdown error now, its connection is closed, and blocking
     * commands held behind it get the same error instead of blocking again.
     */
    void interruptBlocking() {
        shuttingDown = true;
        if (current != null && use == DedicatedUse.BLOCKING && !current.isDone()) {
            current.interrupt(SHUTTING_DOWN);
        }
    }

    /** The client left: held requests are dropped; connections whose state is unknown are closed. */
    void clientGone() {
        held.releaseAll();
        if (current != null) {
            DedicatedConnection connection = sentOn;
            if (connection == null) {
                endUnsent();
            } else {
                end();
                connection.close("its client left");
            }
        }
        unpin();
    }
}
