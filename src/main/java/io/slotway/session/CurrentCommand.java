package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.slotway.command.CommandSpec;
import io.slotway.command.KeyNames;
import io.slotway.metrics.CommandMetrics;
import io.slotway.protocol.Replies;
import io.slotway.route.Route;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

/**
 * The command being dispatched: what its answer counts against, since when, and which argument holds its first key.
 * It is counted when Slotway answers it itself, or handed to the exchange that carries it to a node.
 */
final class CurrentCommand {

    private final ClientState state;
    /** Null once counted or handed over. */
    private CommandMetrics metrics;
    private long startNanos;
    /** When the bytes of the command about to start arrived ({@link System#nanoTime}); 0: not known. */
    private long arrivedNanos;
    private int keyIndex;
    /** The last command (or subcommand) that arrived, for CLIENT LIST; null before the first. */
    private CommandSpec last;

    CurrentCommand(ClientState state) {
        this.state = state;
    }

    void start(CommandMetrics metrics, CommandSpec spec) {
        // A delay is the command's own: one refused before fault injection ran must not inherit the last one's.
        state.faultDelayNanos(0);
        this.metrics = metrics;
        // Commands that came in one read share that read's clock reading.
        this.startNanos = arrivedNanos != 0 ? arrivedNanos : System.nanoTime();
        this.last = spec;
        this.keyIndex = spec == null ? 0 : Math.max(0, spec.firstKey());
    }

    /** The command about to start arrived at {@code nanos} (0: unknown, the clock is read when it starts). */
    void arrived(long nanos) {
        arrivedNanos = nanos;
    }

    /** When the last command arrived (0: none yet). */
    long lastStartNanos() {
        return startNanos;
    }

    /** CLIENT LIST's {@code cmd}: the last command's name, {@code NULL} before the first (Redis's word). */
    String lastName() {
        return last == null ? "NULL" : last.name();
    }

    void denied() {
        if (metrics != null) {
            metrics.deny();
        }
    }

    /** Slotway answered it with {@code reply}. */
    void answered(ByteBuf reply) {
        if (metrics != null) {
            metrics.record(System.nanoTime() - startNanos, Replies.isError(reply));
            metrics = null;
        }
    }

    /**
     * {@code exchange} carries it to {@code node} of {@code upstream} (null for several nodes; both null for an
     * answer Slotway gives later itself) and counts its answer.
     */
    void handTo(Exchange exchange, Upstream upstream, UpstreamNode node) {
        if (metrics != null) {
            exchange.track(metrics, startNanos, keyIndex, node);
            metrics = null;
            // A route that removed its prefix from the keys puts it back on key names in the reply (BLPOP's key).
            Route route = state.route();
            KeyNames.InReply keys = route != null && route.removesPrefix() && last != null
                    ? KeyNames.inReplyOf(last) : null;
            if (keys != null) {
                exchange.terms().restoreKeys(route.removed(), keys);
            }
            if (state.faultDelayNanos() > 0 && upstream != null) {
                // Only answers that come from a node: ones Slotway gives itself are not held, wherever they queue.
                exchange.terms().notBefore(startNanos + state.faultDelayNanos());
            }
        }
    }
}
