package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.upstream.UpstreamNode;

/**
 * A blocking command whose keys moved (the node answered MOVED or that it is no longer a primary) is sent again
 * where they are now, with the time it has left: a few times, waiting longer before each. Used only from the
 * client's loop, by its {@link DedicatedLane}.
 */
final class Reissues {

    /** Times a blocking command is sent again after its keys moved, waiting a little longer each time. */
    static final int MAX_REISSUES = 6;
    private static final long FIRST_REISSUE_DELAY_MILLIS = 100;

    /** How the current blocking command goes again; null for none (not blocking, or not resendable). */
    private Reissue reissue;
    private int reissues;

    /** Set just before a blocking command is sent. */
    void next(Reissue reissue) {
        this.reissue = reissue;
    }

    /** A new dedicated request starts: a blocking one keeps the way set for it, anything else has none. */
    void started(boolean blocking) {
        reissues = 0;
        if (!blocking) {
            reissue = null;
        }
    }

    /**
     * How long to wait before sending {@code exchange} again, now that the node answered {@code reply}; -1 when
     * it is not sent again (not a move, no way to resend, too many tries, or already answered).
     */
    long delayMillis(Exchange exchange, ByteBuf reply) {
        if (reissue == null || reissues >= MAX_REISSUES || exchange.isDone() || !MovedAway.is(reply)) {
            return -1;
        }
        return FIRST_REISSUE_DELAY_MILLIS << reissues++;
    }

    /** Where {@code exchange}'s keys are now; null when no primary holds them. */
    UpstreamNode target(Exchange exchange) {
        return reissue.target(exchange.request());
    }

    /**
     * Makes {@code exchange} ready to go again with the time it has left ({@code graceNanos} is the part of its
     * deadline that is not its own timeout); the refusal to answer instead, or null.
     */
    String prepare(Exchange exchange, ByteBufAllocator alloc, long graceNanos) {
        if (!exchange.isArmed()) {
            return null;
        }
        long remainingMillis = (exchange.deadlineNanos() - System.nanoTime() - graceNanos) / 1_000_000;
        if (remainingMillis <= 0) {
            // Its own timeout has passed: the answer it would have had.
            return "ERR the keys of the blocking command moved, and its timeout passed meanwhile";
        }
        exchange.unit(Unit.lastAnswers(reissue.frame(alloc, exchange.request(), remainingMillis), 1));
        return null;
    }
}
