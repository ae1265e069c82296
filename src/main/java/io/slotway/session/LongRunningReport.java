package io.slotway.session;

import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/** One client's requests in flight past the long-running threshold: each warned about once and counted, or listed. */
public final class LongRunningReport {

    private static final Logger log = LoggerFactory.getLogger(LongRunningReport.class);

    private LongRunningReport() {
    }

    /** Counts {@code session}'s requests past {@code thresholdNanos}; warns once about each one newly past it. */
    public static int sweep(ClientSession session, long now, long thresholdNanos) {
        return session.replies() == null ? 0
                : sweep(session.replies(), session.address(), session.metrics(), now, thresholdNanos);
    }

    /** Adds {@code session}'s requests past {@code thresholdNanos} to {@code found}. */
    public static void collect(ClientSession session, long now, long thresholdNanos, List<InflightRequest> found) {
        if (session.replies() != null) {
            collect(session.replies(), session.address(), now, thresholdNanos, found);
        }
    }

    private static int sweep(ReplyQueue replies, String address, Metrics metrics, long now, long thresholdNanos) {
        // A client blocked in BLPOP waits as it asked to: not a stuck command.
        return replies.visitLongRunning(now, thresholdNanos, false, (exchange, age) -> {
            if (exchange.markLongRunning()) {
                metrics.longRunningFound();
                log.warn("long-running command: {} from client {} key {} on upstream {} node {} in flight for {} ms",
                        exchange.commandName(), address, exchange.key(), exchange.upstreamName(),
                        exchange.nodeName() == null ? "(every shard)" : exchange.nodeName(), age / 1_000_000);
            }
        });
    }

    /** Adds the requests past {@code thresholdNanos} to {@code found}, blocked clients marked as such. */
    private static void collect(ReplyQueue replies, String address, long now, long thresholdNanos,
                                List<InflightRequest> found) {
        replies.visitLongRunning(now, thresholdNanos, true, (exchange, age) -> found.add(new InflightRequest(
                Instant.now().minusNanos(age), age, address, exchange.commandName(), exchange.key(),
                exchange.nodeName(), exchange.blocking())));
    }
}
