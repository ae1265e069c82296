package io.slotway.session;

import io.netty.buffer.ByteBuf;

/**
 * Several commands sent as one unit for one request (a transaction: MULTI, the commands, EXEC, and a SELECT back to
 * the connection's database when the transaction changed it): the frame, how many replies it produces, which of
 * them is the request's answer (the others are dropped), who is told that answer before the client, and whether the
 * client's later requests must wait for it ({@code barrier}: it changes what they mean, as a SELECT inside does).
 */
public record Unit(ByteBuf frame, int replies, int answerIndex, Answered answered, boolean barrier) {

    /** Told the answer a node gave, before it is queued for the client; must not keep or release it. */
    public interface Answered {
        void answered(ByteBuf reply);
    }

    /** A unit whose last reply is the answer, with nobody to tell. */
    public static Unit lastAnswers(ByteBuf frame, int replies) {
        return new Unit(frame, replies, replies - 1, null, false);
    }
}
