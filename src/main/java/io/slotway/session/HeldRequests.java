package io.slotway.session;

import io.slotway.protocol.Request;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * A client's requests that arrived behind a dedicated request (a blocking command, WATCH, EXEC after WATCH): kept,
 * unhandled, until it is answered, as Redis does not run a blocked client's next command; then handled in order in a
 * later loop task, never inside the callback that lifted the barrier. Used only from the client's loop.
 */
final class HeldRequests {

    private final LaneHost session;
    /** Whether a dedicated request is under way, so held requests must keep waiting. */
    private final BooleanSupplier barrierUp;
    // Requests are held only behind a blocking command or transaction, and a connection's queues never shrink.
    private final ArrayDeque<Request> held = new ArrayDeque<>(2);
    private boolean resuming;

    HeldRequests(LaneHost session, BooleanSupplier barrierUp) {
        this.session = session;
        this.barrierUp = barrierUp;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Keeps {@code request}; reading from the client pauses once its pending limit is reached. */
    void add(Request request) {
        held.add(request);
        session.heldChanged(held.size());
    }

    /** The barrier is down: the held requests are handled soon, in order, until one raises it again. */
    void resume() {
        if (!barrierUp.getAsBoolean() && !held.isEmpty() && !resuming) {
            resuming = true;
            session.services().loop().execute(this::handle);
        }
    }

    private void handle() {
        resuming = false;
        // Bounded by the held requests; stops at the next barrier.
        while (!barrierUp.getAsBoolean() && !held.isEmpty() && !session.isClosing()) {
            Request request = held.poll();
            session.heldChanged(held.size());
            session.dispatch(request);
        }
    }

    /** The client left: every held request is let go. */
    void releaseAll() {
        // Bounded by the held requests.
        while (!held.isEmpty()) {
            held.poll().release();
        }
    }
}
