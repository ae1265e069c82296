package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.slotway.session.ClientMode;
import io.slotway.session.PendingAnswer;

import java.util.Map;

/**
 * A client's (P|S)SUBSCRIBE waiting for nodes to confirm what it subscribes to, so that its acknowledgement, as
 * in Redis, means messages published from then on reach it. On a failure the client gets an error instead, and
 * what the command added is taken back (a name the client has subscribed to again since stays).
 */
final class Join {

    private final Subscribed mode;
    private final Kind kind;
    /** The names this command added, each with the entry it joined. */
    private final Map<String, Entry> added;
    private final ByteBuf acks;
    private final PendingAnswer answer;
    private int remaining;
    private boolean ended;

    Join(Subscribed mode, Kind kind, Map<String, Entry> added, ByteBuf acks, PendingAnswer answer, int remaining) {
        this.mode = mode;
        this.kind = kind;
        this.added = added;
        this.acks = acks;
        this.answer = answer;
        this.remaining = remaining;
    }

    Subscribed mode() {
        return mode;
    }

    void confirmed() {
        if (!ended && --remaining == 0) {
            ended = true;
            boolean late = answer.isAnswered();
            answer.answer(acks);
            if (late) {
                // The client had a timeout error instead, so it is not subscribed to what this command added.
                undo(null);
            }
        }
    }

    /** {@code failedEntry} could not be subscribed: the client gets {@code error}. */
    void failed(Entry failedEntry, String error) {
        if (ended) {
            return;
        }
        ended = true;
        acks.release();
        answer.fail(error);
        undo(failedEntry);
    }

    private void undo(Entry failedEntry) {
        // Bounded by the names this command added.
        for (Map.Entry<String, Entry> name : added.entrySet()) {
            Entry current = mode.hub().entry(kind, name.getKey());
            boolean same = current == null || current == name.getValue() || current == failedEntry;
            if (same && mode.remove(kind, name.getKey())) {
                mode.hub().leave(mode, kind, name.getKey());
            }
        }
        if (mode.isEmpty() && mode.client().state().mode() == mode) {
            mode.client().state().mode(ClientMode.NORMAL);
        }
    }
}
