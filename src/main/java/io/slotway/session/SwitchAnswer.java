package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.protocol.Replies;

import java.util.function.Supplier;

/**
 * What answers a {@link DedicatedUse#SWITCH} request (HELLO changing protocol) once the client's earlier requests
 * have theirs. Used only from the client's loop.
 */
final class SwitchAnswer {

    private Supplier<ByteBuf> answer;

    void set(Supplier<ByteBuf> answer) {
        this.answer = answer;
    }

    void clear() {
        answer = null;
    }

    /** The answer, made once; an error if making it failed, so the barrier it holds up still lifts. */
    ByteBuf take(ByteBufAllocator alloc) {
        Supplier<ByteBuf> taken = answer;
        answer = null;
        try {
            return taken.get();
        } catch (RuntimeException e) {
            return Replies.error(alloc, "ERR " + e.getMessage());
        }
    }
}
