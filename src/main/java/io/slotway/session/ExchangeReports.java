package io.slotway.session;

import io.slotway.metrics.NodeMetrics;
import io.slotway.metrics.SlowLog;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.time.Instant;

/** What a client's finished requests leave behind: timeouts counted per upstream and node, slow ones logged. */
final class ExchangeReports {

    private final ClientLoop loop;

    ExchangeReports(ClientLoop loop) {
        this.loop = loop;
    }

    void timedOut(Upstream upstream, UpstreamNode node) {
        if (upstream != null) {
            loop.metrics().upstream(upstream.name()).timeout();
            if (node != null) {
                loop.metrics().upstream(upstream.name()).node(node.toString()).count(NodeMetrics.Result.TIMEOUT);
            }
        }
    }

    /** A slow answer goes to the slow log. */
    void finished(Exchange exchange, String address, long nanos) {
        SlowLog slowLog = loop.slowLog();
        if (slowLog.isSlow(nanos)) {
            slowLog.add(new SlowLog.Entry(Instant.now(), address, exchange.commandName(), exchange.key(),
                    exchange.nodeName(), nanos));
        }
    }
}
