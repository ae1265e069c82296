package io.slotway.session;

import io.slotway.metrics.Metrics;
import io.slotway.metrics.NodeMetrics;
import io.slotway.metrics.SlowLog;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.time.Instant;
import java.util.function.Supplier;

/** What a client's finished requests leave behind: timeouts counted per upstream and node, slow ones logged. */
final class ExchangeReports {

    /** The loop's, looked up at each report: a reload may replace them. */
    private final Supplier<Metrics> metrics;
    private final Supplier<SlowLog> slowLog;
    private final String address;

    /** {@code address}: the client's, as reports show it. */
    ExchangeReports(Supplier<Metrics> metrics, Supplier<SlowLog> slowLog, String address) {
        this.metrics = metrics;
        this.slowLog = slowLog;
        this.address = address;
    }

    void timedOut(Upstream upstream, UpstreamNode node) {
        if (upstream != null) {
            metrics.get().upstream(upstream.name()).timeout();
            if (node != null) {
                metrics.get().upstream(upstream.name()).node(node.toString()).count(NodeMetrics.Result.TIMEOUT);
            }
        }
    }

    /** A slow answer goes to the slow log. */
    void finished(Exchange exchange, long nanos) {
        SlowLog log = slowLog.get();
        if (log.isSlow(nanos)) {
            log.add(new SlowLog.Entry(Instant.now(), address, exchange.commandName(), exchange.key(),
                    exchange.nodeName(), nanos));
        }
    }
}
