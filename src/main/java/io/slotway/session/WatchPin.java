package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.slotway.loop.DeadlineTimer;
import io.slotway.protocol.Replies;
import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.DedicatedPool;

import java.nio.charset.StandardCharsets;

/**
 * The dedicated connection a client's WATCH ran on, kept from WATCH until EXEC, DISCARD, UNWATCH or RESET, and
 * whether it was lost meanwhile: an EXEC runs on it or fails, never on another connection that guards nothing.
 * Used only from the client's loop.
 */
final class WatchPin {

    static final String LOST = "ERR the connection WATCH ran on was lost, so the transaction cannot run guarded: "
            + "EXEC fails, and WATCH works again after EXEC, DISCARD or UNWATCH";
    static final String OTHER_DATABASE = "ERR SELECT after WATCH: Slotway runs the transaction only in the database "
            + "WATCH ran in, so it did not run; WATCH again";
    static final String ELSEWHERE = "ERR Slotway runs a client's WATCH on one node and database: UNWATCH before "
            + "watching keys elsewhere";

    private static final byte[] EXECABORT = "-EXECABORT".getBytes(StandardCharsets.US_ASCII);

    private DedicatedConnection pinned;
    /** The pinned connection was lost or became unclear: every guarded request fails until {@link #unpin}. */
    private boolean lost;
    /** The pinned connection an EXEC took at once, null if there was none. */
    private DedicatedConnection claimed;
    /** Why the last {@link #execConnection} found nothing to run on. */
    private String execRefusal;

    /** Why a WATCH cannot run on {@code pool} now; null when it can, on {@link #pinned()} or, if none, a new lease. */
    String watchRefusal(DedicatedPool pool) {
        if (pinned != null && pinned.isClosed()) {
            // The node dropped it while the client was between commands: what it watched is unguarded.
            pinned.close("lost while pinned");
            pinned = null;
            lost = true;
        }
        if (lost) {
            return LOST;
        }
        return pinned == null || pinned.from(pool) ? null : ELSEWHERE;
    }

    DedicatedConnection pinned() {
        return pinned;
    }

    /** A WATCH got its own connection. */
    void pin(DedicatedConnection connection) {
        pinned = connection;
    }

    /** The WATCH's connection was closed: it guards nothing any more, so the EXEC must fail. */
    void lost() {
        pinned = null;
        lost = true;
    }

    /** EXEC takes the pinned connection at once, so ending the transaction right after cannot unwatch it. */
    void claim() {
        claimed = lost ? null : pinned;
        pinned = null;
    }

    /**
     * The claimed connection, if the EXEC can run guarded on it in {@code pool}; else null, with the reason in
     * {@link #execRefusal}: lost, or the client SELECTed another database after WATCH.
     */
    DedicatedConnection execConnection(DedicatedPool pool, DeadlineTimer deadlines, long unwatchNanos) {
        DedicatedConnection connection = claimed;
        claimed = null;
        if (connection != null && !connection.isClosed() && connection.from(pool)) {
            return connection;
        }
        boolean otherDatabase = connection != null && !connection.isClosed();
        if (otherDatabase) {
            // Still clean but for the WATCH.
            pinned = connection;
            unpin(deadlines, unwatchNanos);
        } else if (connection != null) {
            connection.close("lost while pinned");
        }
        execRefusal = otherDatabase ? OTHER_DATABASE : LOST;
        return null;
    }

    String execRefusal() {
        return execRefusal;
    }

    /**
     * EXEC's {@code reply} came on {@code connection}: its array or nil (RESP3's {@code _}), or EXECABORT,
     * unwatched, so the connection is clean; any other answer (no MULTI ran) may leave the WATCH, so it is closed.
     */
    static void afterExec(DedicatedConnection connection, ByteBuf reply) {
        byte type = reply.isReadable() ? reply.getByte(reply.readerIndex()) : 0;
        if (type == '*' || type == '_' || type == '-' && Replies.startsWith(reply, EXECABORT)) {
            connection.release();
        } else {
            connection.close("EXEC did not end its transaction");
        }
    }

    /** An EXEC that took the connection never went: its connection is clean but for the WATCH, so it is let go. */
    void returnClaimed(DeadlineTimer deadlines, long unwatchNanos) {
        if (claimed != null) {
            pinned = claimed;
            claimed = null;
            unpin(deadlines, unwatchNanos);
        }
    }

    /** The guard is over (EXEC without it, DISCARD, UNWATCH, RESET): UNWATCH, then back to the pool. */
    void unpin(DeadlineTimer deadlines, long unwatchNanos) {
        lost = false;
        DedicatedConnection connection = pinned;
        pinned = null;
        if (connection != null) {
            Unwatch unwatch = new Unwatch(connection);
            deadlines.arm(unwatch, unwatchNanos);
            connection.send(unwatch);
        }
    }
}
