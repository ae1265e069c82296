package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.command.KeyNames;

import java.util.concurrent.TimeUnit;

/**
 * What an exchange's answer must go through before its client sees it: key names given back the prefix their
 * route removed, and a delay fault's hold. Held answers keep their place in the client's reply order, so later
 * replies wait behind them while other clients are untouched. Used only from the client's event loop.
 */
final class AnswerTerms {

    /** The prefix a route removed from the keys, which key names in the answer get back; null: none. */
    private byte[] removedPrefix;
    private KeyNames.InReply keysInReply;
    /** A delay fault: the answer is not given before this time (System.nanoTime); 0: no delay. */
    private long notBeforeNanos;
    /** The answer held until then. */
    private ByteBuf held;

    void restoreKeys(byte[] prefix, KeyNames.InReply keys) {
        this.removedPrefix = prefix;
        this.keysInReply = keys;
    }

    void notBefore(long nanos) {
        this.notBeforeNanos = nanos;
    }

    /**
     * Holds {@code answer} until the delay ends, then finishes {@code exchange} with it, unless it was answered
     * otherwise meanwhile (drain, the client leaving); false when there is no delay left and it may finish now.
     */
    boolean hold(Exchange exchange, ByteBuf answer, ExchangeOwner owner) {
        if (notBeforeNanos == 0) {
            // No delay, nearly always: the clock is not read.
            return false;
        }
        long wait = notBeforeNanos - System.nanoTime();
        if (wait <= 0) {
            return false;
        }
        notBeforeNanos = 0;
        held = answer;
        // The hold keeps the exchange from being reused until the delay has run.
        exchange.hold();
        owner.services().loop().schedule(() -> {
            ByteBuf answerNow = held;
            held = null;
            if (answerNow != null) {
                exchange.finishHeld(answerNow);
            }
            exchange.released();
        }, wait, TimeUnit.NANOSECONDS);
        return true;
    }

    /** Whether an answer is held until the delay ends. */
    boolean holding() {
        return held != null;
    }

    /** The answer as the client sees it; takes ownership of {@code answer}. */
    ByteBuf shape(ByteBufAllocator alloc, ByteBuf answer) {
        return removedPrefix == null ? answer : KeyNames.restore(alloc, answer, removedPrefix, keysInReply);
    }

    /** The exchange ended without this answer (its client left): a held one is let go. */
    void releaseHeld() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    void reset() {
        releaseHeld();
        removedPrefix = null;
        keysInReply = null;
        notBeforeNanos = 0;
    }
}
