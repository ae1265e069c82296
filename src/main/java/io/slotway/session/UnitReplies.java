package io.slotway.session;

import io.netty.buffer.ByteBuf;

/**
 * An exchange's unit, when its request is sent as several commands (a transaction): the frame, how many replies it
 * produces, and which one answers (held as it passes; the others are dropped). Reused with its pooled exchange.
 */
final class UnitReplies {

    private ByteBuf frame;
    private int replies = 1;
    private int answerIndex;
    private int leadingSeen;
    private ByteBuf heldAnswer;
    private boolean answerDropped;
    /** Told the node's answer before the client; null for none. */
    private Unit.Answered answered;

    /** Takes {@code unit}'s frame (a resend's replaces the previous one). */
    void set(Unit unit) {
        releaseFrame();
        frame = unit.frame();
        replies = unit.replies();
        answerIndex = unit.answerIndex();
        answered = unit.answered();
    }

    boolean isSet() {
        return frame != null;
    }

    /** The unit's frame, or null when the request goes alone. */
    ByteBuf frame() {
        return frame;
    }

    int replies() {
        return replies;
    }

    /** A reply before the last: held if it is the answer, else dropped. */
    void leadingReply(ByteBuf reply) {
        if (leadingSeen++ == answerIndex && heldAnswer == null) {
            heldAnswer = reply;
        } else {
            reply.release();
        }
    }

    /** A reply before the last was too large to hold; if it was the answer, the request gets an error. */
    void leadingDropped() {
        if (leadingSeen++ == answerIndex) {
            answerDropped = true;
        }
    }

    /** The unit is sent again from its start. */
    void restarted() {
        leadingSeen = 0;
        releaseHeldAnswer();
        answerDropped = false;
    }

    /** The answer a leading reply gave, which the caller now owns; null when the last reply is the answer. */
    ByteBuf takeHeldAnswer() {
        ByteBuf answer = heldAnswer;
        heldAnswer = null;
        return answer;
    }

    /** The answer was a reply too large to hold. */
    boolean answerDropped() {
        return answerDropped;
    }

    /** Tells whoever asked what the node answered, before the client gets it. */
    void answered(ByteBuf answer) {
        if (answered != null) {
            answered.answered(answer);
        }
    }

    void releaseHeldAnswer() {
        if (heldAnswer != null) {
            heldAnswer.release();
            heldAnswer = null;
        }
    }

    void releaseFrame() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    /** Back to a request that goes alone, for the exchange's next use. */
    void reset() {
        releaseFrame();
        releaseHeldAnswer();
        replies = 1;
        answerIndex = 0;
        leadingSeen = 0;
        answerDropped = false;
        answered = null;
    }
}
