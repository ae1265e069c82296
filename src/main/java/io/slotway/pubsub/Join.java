package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.slotway.session.ClientMode;
import io.slotway.session.PendingAnswer;

import java.util.List;

/**
 * A client's (P|S)SUBSCRIBE waiting for nodes to confirm what it subscribes to, so that its acknowledgement, as
 * in Redis, means messages published from then on reach it. On a failure the client gets an error instead, and
 * what the command added is taken back.
 */
final class Join {

    private final Subscribed mode;
    private final Kind kind;
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
    }

    void confirmed() {
        if (!ended && --remaining == 0) {
            ended = true;
            answer.answer(acks);
        }
    }

    void failed(String error) {
        if (ended) {
            return;
        }
        ended = true;
        acks.release();
        answer.fail(error);
        // Bounded by the names this command added.
        for (String name : added) {
            if (mode.remove(kind, name)) {
                mode.hub().leave(mode, kind, name);
            }
        }
        if (mode.isEmpty() && mode.client().state().mode() == mode) {
            mode.client().state().mode(ClientMode.NORMAL);
        }
    }
}
