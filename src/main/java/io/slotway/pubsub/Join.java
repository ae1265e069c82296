package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.slotway.session.ClientMode;
import io.slotway.session.PendingAnswer;

import java.util.List;

/**
 * A client's (P|S)SUBSCRIBE waiting for nodes to confirm what it subscribes to, so that its acknowledgement, as
 * in Redis, means messages published from then on reach it. On a failure, or when the client already had a timeout
 * error in its place, what the command added is taken back: only the names it still owns (a name the client left
 * or subscribed to again since belongs to that later command). Ended exactly once.
 */
final class Join {

    private final Subscribed mode;
    private final Kind kind;
    /** The names this command added. */
    private final List<String> added;
    private final ByteBuf acks;
    private final PendingAnswer answer;
    private int remaining;
    private boolean ended;

    Join(Subscribed mode, Kind kind, List<String> added, ByteBuf acks, PendingAnswer answer, int remaining) {
        this.mode = mode;
        this.kind = kind;
        this.added = added;
        this.acks = acks;
        this.answer = answer;
        this.remaining = remaining;
        for (String name : added) {
            mode.own(kind, name, this);
        }
    }

    Subscribed mode() {
        return mode;
    }

    /** Whether its client still waits for this answer (not ended, no timeout error given in its place). */
    boolean stillWaitedFor() {
        return !ended && !answer.isAnswered();
    }

    void confirmed() {
        if (!ended && --remaining == 0) {
            ended = true;
            boolean late = answer.isAnswered();
            answer.answer(acks);
            if (late) {
                // The client had a timeout error instead, so it is not subscribed to what this command added.
                undo();
            } else {
                for (String name : added) {
                    if (mode.ownedBy(kind, name, this)) {
                        mode.disown(kind, name);
                    }
                }
            }
        }
    }

    /** What it waited for could not be subscribed: the client gets {@code error}. */
    void failed(String error) {
        if (ended) {
            return;
        }
        ended = true;
        acks.release();
        answer.fail(error);
        undo();
    }

    private void undo() {
        // Bounded by the names this command added.
        for (String name : added) {
            if (mode.ownedBy(kind, name, this) && mode.remove(kind, name)) {
                mode.hub().leave(mode, kind, name);
            }
        }
        if (mode.isEmpty() && mode.client().state().mode() == mode) {
            mode.client().state().mode(ClientMode.NORMAL);
        }
    }
}
