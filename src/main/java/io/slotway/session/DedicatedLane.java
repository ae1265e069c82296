package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.DedicatedLessee;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One client's requests on dedicated connections (WATCH, EXEC after WATCH, blocking commands), and the ordering
 * they need. Such a request is a barrier: it is sent only once every earlier request of the client has its answer
 * (so it cannot overtake them on another connection), and later requests are held, unread by Slotway's handlers,
 * until it is answered, as Redis does not run a blocked client's next command. Used only from the client's loop.
 */
final class DedicatedLane {

    static final String PIN_LOST = "ERR the connection WATCH ran on was lost, so the transaction cannot run "
            + "guarded: EXEC fails, and WATCH works again after EXEC, DISCARD or UNWATCH";
    static final String PIN_OTHER_DATABASE = "ERR SELECT after WATCH: Slotway runs the transaction only in the "
            + "database WATCH ran in, so it did not run; WATCH again";
    static final String SHUTTING_DOWN = "ERR Slotway is shutting down; the blocking command was ended before it "
            + "was served";
    static final String PIN_ELSEWHERE = "ERR Slotway runs a client's WATCH on one node and database: UNWATCH "
            + "before watching keys elsewhere";

    private static final byte[] EXECABORT = "-EXECABORT".getBytes(StandardCharsets.US_ASCII);
    /** Times a blocking command is sent again after its keys moved, waiting a little longer each time. */
    static final int MAX_REISSUES = 6;
    private static final long FIRST_REISSUE_DELAY_MILLIS = 100;

    private final ClientSession session;
    private final ClientLoop loop;
    private final HeldRequests held;
    /** The barrier: the dedicated request under way (waiting for earlier answers, for a lease, or sent); or null. */
    private Exchange current;
    private DedicatedUse use;
    private Upstream upstream;
    private NodePool pool;
    private long acquireNanos;
    private boolean waitingForEarlier;
    /** The pool's answer for {@link #current}, while one is awaited. */
    private Lease lease;
    /** Where {@link #current} was sent; null until then. */
    private DedicatedConnection sentOn;
    /** The connection WATCH ran on, kept until EXEC, DISCARD, UNWATCH or RESET; null when none. */
    private DedicatedConnection pinned;
    /** The pinned connection was lost or became unclear: every guarded request fails until {@link #unpin}. */
    private boolean pinLost;
    /** The pinned connection an EXEC took at once ({@link DedicatedUse#UNPIN}), null if there was none. */
    private DedicatedConnection claimed;
    /** How the next blocking command is sent again after its keys moved; null for none. */
    private Reissue reissue;
    private int reissues;
    /** Counts sends, so a delayed resend can tell its request from a later one in a recycled exchange. */
    private long sends;
    /** Where the current blocking command is registered for CLIENT UNBLOCK; null when none. */
    private BlockedClients.Blocked blockedAt;
    /** Slotway is stopping: no blocking command may start blocking any more. */
    private boolean shuttingDown;

    DedicatedLane(ClientSession session, ClientLoop loop) {
        this.session = session;
        this.loop = loop;
        this.held = new HeldRequests(session, loop, this);
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

    /** Set just before a blocking command's {@link #send}: how it goes again after its keys moved. */
    void reissue(Reissue reissue) {
        this.reissue = reissue;
    }

    /** Sends {@code exchange} (held by the reply queue) as a barrier on a dedicated connection of {@code pool}. */
    void send(Exchange exchange, DedicatedUse use, Upstream upstream, NodePool pool, long acquireNanos) {
        // The lane's own hold: handed to the connection when sent, or let go if the request ends before that.
        exchange.hold();
        exchange.lane(this, use == DedicatedUse.BLOCKING);
        this.current = exchange;
        this.use = use;
        this.pool = pool;
        this.upstream = upstream;
        this.acquireNanos = acquireNanos;
        this.sentOn = null;
        this.waitingForEarlier = true;
        this.reissues = 0;
        this.sends++;
        if (use != DedicatedUse.BLOCKING) {
            reissue = null;
        }
        if (use == DedicatedUse.UNPIN) {
            // Taken now: ending the transaction right after must not unwatch the connection the EXEC needs.
            claimed = pinLost ? null : pinned;
            pinned = null;
        }
        advance();
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
            case BLOCKING -> {
                if (shuttingDown) {
                    refuse(SHUTTING_DOWN);
                } else {
                    lease();
                }
            }
            case PIN -> pin();
            case UNPIN -> {
                DedicatedConnection connection = claimed;
                claimed = null;
                if (connection == null || connection.isClosed() || !connection.from(pool.dedicated())) {
                    // Lost, or the client SELECTed another database since WATCH: the EXEC would run unguarded.
                    boolean otherDatabase = connection != null && !connection.isClosed();
                    if (otherDatabase) {
                        // Still clean but for the WATCH.
                        pinned = connection;
                        unpin();
                    } else if (connection != null) {
                        connection.close("lost while pinned");
                    }
                    loop.metrics().transactionEnded(Metrics.TransactionEnd.ABORTED);
                    refuse(otherDatabase ? PIN_OTHER_DATABASE : PIN_LOST);
                } else {
                    loop.metrics().transactionEnded(Metrics.TransactionEnd.COMMITTED);
                    sendOn(connection);
                }
            }
        }
    }

    private void pin() {
        if (pinned != null && pinned.isClosed()) {
            // The node dropped it while the client was between commands: what it watched is unguarded.
            pinned.close("lost while pinned");
            pinned = null;
            pinLost = true;
        }
        if (pinLost) {
            refuse(PIN_LOST);
        } else if (pinned == null) {
            lease();
        } else if (!pinned.from(pool.dedicated())) {
            refuse(PIN_ELSEWHERE);
        } else {
            sendOn(pinned);
        }
    }

    private void lease() {
        lease = new Lease(current);
        pool.dedicated().lease(loop.served().settings().dedicatedPerNode(), acquireNanos, lease);
    }

    /** The pool's answer for one request: ignored once that request is no longer the one waiting. */
    private final class Lease implements DedicatedLessee {
        private final Exchange exchange;

        Lease(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public boolean wantsLease() {
            return lease == this && current == exchange && !exchange.isDone();
        }

        @Override
        public void leased(DedicatedConnection connection) {
            if (!wantsLease()) {
                // Never used: still clean.
                connection.release();
                return;
            }
            lease = null;
            if (use == DedicatedUse.PIN) {
                pinned = connection;
            }
            sendOn(connection);
        }

        @Override
        public void refused(String error) {
            if (wantsLease()) {
                lease = null;
                refuse(error);
            }
        }
    }

    private void sendOn(DedicatedConnection connection) {
        sentOn = connection;
        if (use == DedicatedUse.BLOCKING) {
            loop.metrics().blockedClientsChanged(1);
            blockedAt = BlockedClients.blocked(session.state().id(), upstream, connection);
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
        if (claimed != null) {
            // An EXEC that never went: its connection is clean but for the WATCH.
            pinned = claimed;
            claimed = null;
            unpin();
        }
        resume();
    }

    /**
     * The node answered the current request with {@code reply}: the connection is in a known state. True when the
     * reply is not the answer: the keys of a blocking command moved, and it will be sent again.
     */
    boolean replied(Exchange exchange, ByteBuf reply) {
        if (exchange != current) {
            return false;
        }
        if (use == DedicatedUse.BARRIER) {
            endUnsent();
            return false;
        }
        DedicatedConnection connection = sentOn;
        if (use == DedicatedUse.BLOCKING && reissue != null && reissues < MAX_REISSUES && !exchange.isDone()
                && MovedAway.is(reply)) {
            boolean clean = unblocked();
            sentOn = null;
            releaseOrClose(connection, clean);
            upstream.requestRefresh();
            // The connection's hold ends with this reply; the lane holds the exchange again until it is resent.
            exchange.hold();
            long delay = FIRST_REISSUE_DELAY_MILLIS << reissues++;
            long send = sends;
            loop.services().loop().schedule(() -> sendAgain(exchange, send), delay, TimeUnit.MILLISECONDS);
            return true;
        }
        boolean clean = end();
        if (use == DedicatedUse.BLOCKING) {
            releaseOrClose(connection, clean);
        } else if (use == DedicatedUse.UNPIN) {
            // EXEC's array or nil, or EXECABORT, unwatched; any other answer (no MULTI ran) may leave the WATCH.
            byte type = reply.isReadable() ? reply.getByte(reply.readerIndex()) : 0;
            if (type == '*' || type == '-' && Replies.startsWith(reply, EXECABORT)) {
                connection.release();
            } else {
                connection.close("EXEC did not end its transaction");
            }
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
        UpstreamNode target = reissue.target(exchange.request());
        if (target == null) {
            refuse("ERR the keys of the blocking command moved, and no primary holds them now");
            return;
        }
        if (exchange.isArmed()) {
            long remainingMillis = (exchange.deadlineNanos() - System.nanoTime()
                    - upstream.config().timeouts().commandNanos()) / 1_000_000;
            if (remainingMillis <= 0) {
                // Its own timeout has passed: the answer it would have had.
                refuse("ERR the keys of the blocking command moved, and its timeout passed meanwhile");
                return;
            }
            exchange.unit(reissue.frame(session.alloc(), exchange.request(), remainingMillis), 1);
        }
        pool = session.poolFor(target, upstream);
        lease();
    }

    /** The current request failed (connection lost, or refused before it was sent). */
    void failed(Exchange exchange) {
        if (exchange != current) {
            return;
        }
        if (use == DedicatedUse.BARRIER) {
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
    void interrupted(Exchange exchange) {
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
            pinned = null;
            pinLost = true;
        }
    }

    /**
     * The current blocking command no longer waits on its connection; false when a CLIENT UNBLOCK claimed it first,
     * so the connection must not go to anyone else.
     */
    private boolean unblocked() {
        loop.metrics().blockedClientsChanged(-1);
        BlockedClients.Blocked block = blockedAt;
        blockedAt = null;
        BlockedClients.unblocked(session.state().id(), block);
        return block == null || block.end();
    }

    /** A clean connection goes back to the pool; one a CLIENT UNBLOCK may still reach is closed. */
    private static void releaseOrClose(DedicatedConnection connection, boolean clean) {
        if (clean) {
            connection.release();
        } else {
            connection.close("a CLIENT UNBLOCK for its last command may still arrive");
        }
    }

    /**
     * The current request is over (the lane's own {@link #use} stays readable for the caller); false when its
     * connection must not be reused (see {@link #unblocked}).
     */
    private boolean end() {
        boolean clean = true;
        if (sentOn != null && use == DedicatedUse.BLOCKING) {
            clean = unblocked();
        }
        current = null;
        sentOn = null;
        waitingForEarlier = false;
        lease = null;
        return clean;
    }

    /** Handles the requests held behind the barrier, later on the loop, until one raises it again. */
    private void resume() {
        held.resume();
    }

    /** WATCH's guard is over (EXEC without it, DISCARD, UNWATCH, RESET): UNWATCH, then back to the pool. */
    void unpin() {
        pinLost = false;
        DedicatedConnection connection = pinned;
        pinned = null;
        if (connection != null) {
            Unwatch unwatch = new Unwatch(connection);
            loop.services().deadlines().arm(unwatch, upstream.config().timeouts().commandNanos());
            connection.send(unwatch);
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
