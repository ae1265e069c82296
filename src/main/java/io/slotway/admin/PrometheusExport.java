package io.slotway.admin;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.slotway.metrics.NodeMetrics;
import io.slotway.metrics.Metrics;
import io.slotway.metrics.counters.CommandCounters;
import io.slotway.metrics.counters.Counters;
import io.slotway.metrics.counters.NodeCounters;
import io.slotway.metrics.counters.PubSubCounters;
import io.slotway.metrics.UpstreamMetrics;
import io.slotway.metrics.counters.UpstreamCounters;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: Slotway's counters turned into Prometheus snapshots at scrape time (the hot path never
 * touches a Prometheus object), plus the client library's standard JVM metrics, in the text format.
 */
final class PrometheusExport implements MultiCollector {

    /** Latency buckets in seconds: 100 µs to 10 s, as a proxy's latencies spread. */
    private static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};

    private final AdminApi api;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    PrometheusExport(AdminApi api) {
        this.api = api;
        registry.register(this);
        JvmMetrics.builder().register(registry);
    }

    AdminResponse scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            return AdminResponse.text(500, "cannot write metrics: " + e.getMessage() + "\n");
        }
        return new AdminResponse(200, writer.getContentType(), out.toByteArray());
    }

    @Override
    public MetricSnapshots collect() {
        Counters metrics = api.metrics();
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        commands(metrics, snapshots);
        clients(metrics, snapshots);
        upstreams(metrics, snapshots);
        snapshots.metricSnapshot(gauge("slotway_long_running_commands",
                "Requests in flight longer than monitoring.long_running_threshold now", metrics.longRunning()));
        snapshots.metricSnapshot(counter("slotway_long_running_commands_detected",
                "Requests found in flight longer than monitoring.long_running_threshold", metrics.longRunningTotal()));
        snapshots.metricSnapshot(counter("slotway_auth_failures", "AUTH and HELLO AUTH attempts refused",
                metrics.authFailures()));
        snapshots.metricSnapshot(gauge("slotway_draining", "1 while Slotway drains", api.isDraining() ? 1 : 0));
        snapshots.metricSnapshot(counter("slotway_client_tls_handshake_failures",
                "Client connections closed because their TLS handshake failed", metrics.tlsHandshakeFailures()));
        snapshots.metricSnapshot(counter("slotway_config_reloads", "Config reloads applied (SIGHUP, POST /reload)",
                metrics.reloads()));
        snapshots.metricSnapshot(counter("slotway_config_reloads_refused",
                "Config reloads refused (invalid file, restart-only change); the running config stayed",
                metrics.reloadsRefused()));
        return snapshots.build();
    }

    private static void commands(Counters metrics, MetricSnapshots.Builder snapshots) {
        CounterSnapshot.Builder calls = counterFamily("slotway_commands",
                "Client commands answered, by command and result (ok or error)");
        CounterSnapshot.Builder denied = counterFamily("slotway_commands_denied",
                "Client commands refused by commands.deny");
        CounterSnapshot.Builder faults = counterFamily("slotway_command_faults",
                "Faults injected into client commands (faults), by command and fault (error or delay)");
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder().name("slotway_command_duration_seconds")
                .help("Time from a command's arrival to its answer being ready");
        for (CommandCounters command : metrics.commands()) {
            calls.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("command", command.name(), "result", "ok")).value(command.ok()).build());
            calls.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("command", command.name(), "result", "error")).value(command.errors()).build());
            for (boolean delay : new boolean[] {false, true}) {
                if (command.faults(delay) > 0) {
                    faults.dataPoint(point(Labels.of("command", command.name(), "fault", delay ? "delay" : "error"),
                            command.faults(delay)));
                }
            }
            if (command.denied() > 0) {
                denied.dataPoint(point(Labels.of("command", command.name()), command.denied()));
            }
            Histogram latency = command.latency().total();
            durations.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("command", command.name()))
                    .classicHistogramBuckets(buckets(latency))
                    .sum(latency.getMean() * latency.getTotalCount() / 1e6)
                    .build());
        }
        snapshots.metricSnapshot(calls.build());
        snapshots.metricSnapshot(denied.build());
        snapshots.metricSnapshot(faults.build());
        snapshots.metricSnapshot(durations.build());
    }

    /** Per-bucket counts (not cumulative) of a microsecond histogram, against bounds in seconds. */
    private static ClassicHistogramBuckets buckets(Histogram micros) {
        long[] counts = new long[BUCKETS.length];
        long below = 0;
        for (int i = 0; i < BUCKETS.length - 1; i++) {
            long upTo = micros.getCountBetweenValues(0, (long) (BUCKETS[i] * 1e6));
            counts[i] = upTo - below;
            below = upTo;
        }
        counts[BUCKETS.length - 1] = micros.getTotalCount() - below;
        return ClassicHistogramBuckets.of(BUCKETS, counts);
    }

    private static void clients(Counters metrics, MetricSnapshots.Builder snapshots) {
        snapshots.metricSnapshot(gauge("slotway_client_connections", "Client connections open now",
                metrics.clients()));
        snapshots.metricSnapshot(counter("slotway_client_connections_accepted", "Client connections accepted",
                metrics.clientsAccepted()));
        snapshots.metricSnapshot(counter("slotway_client_connections_rejected",
                "Client connections refused (limits.max_clients)", metrics.clientsRejected()));
        CounterSnapshot.Builder limits = counterFamily("slotway_client_limit_events",
                "Per-client limits acting: reading paused (pending_requests, pending_reply_bytes) or the client "
                        + "closed (output_buffer, pubsub_output_buffer, idle_timeout, protocol_error)");
        for (Metrics.ClientLimit limit : Metrics.ClientLimit.values()) {
            limits.dataPoint(point(Labels.of("limit", limit.label()), metrics.clientLimitEvents(limit)));
        }
        snapshots.metricSnapshot(limits.build());
        snapshots.metricSnapshot(gauge("slotway_clients_blocked",
                "Clients waiting in a blocking command (BLPOP, XREAD BLOCK, ...) now", metrics.blockedClients()));
        CounterSnapshot.Builder transactions = counterFamily("slotway_transactions",
                "Transactions (MULTI ... EXEC) by how they ended: committed (EXEC ran), aborted (EXECABORT, or a "
                        + "WATCH whose connection was lost), discarded");
        for (Metrics.TransactionEnd end : Metrics.TransactionEnd.values()) {
            transactions.dataPoint(point(Labels.of("result", end.label()), metrics.transactions(end)));
        }
        snapshots.metricSnapshot(transactions.build());
        PubSubCounters pubsub = metrics.pubsub();
        snapshots.metricSnapshot(gauge("slotway_pubsub_subscribers",
                "Clients subscribed to any channel, pattern or shard channel now", pubsub.subscribers()));
        snapshots.metricSnapshot(gauge("slotway_pubsub_subscriptions",
                "Channels, patterns and shard channels subscribed upstream now: once per event loop, however many "
                        + "clients want each", pubsub.subscriptions()));
        snapshots.metricSnapshot(gauge("slotway_pubsub_upstream_connections",
                "Upstream subscriber connections open now (one per event loop and node in use)",
                pubsub.connections()));
        snapshots.metricSnapshot(counter("slotway_pubsub_messages_delivered",
                "Published messages written to subscribers, one per subscriber reached", pubsub.delivered()));
        snapshots.metricSnapshot(counter("slotway_pubsub_messages_unclaimed",
                "Published messages that arrived after every subscriber of that event loop had left, dropped",
                pubsub.unclaimed()));
    }

    private void upstreams(Counters metrics, MetricSnapshots.Builder snapshots) {
        CounterSnapshot.Builder requests = counterFamily("slotway_upstream_requests",
                "Requests sent to upstream nodes, by how they ended");
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("slotway_upstream_node_up")
                .help("1 while the node answers, 0 after a failed connection attempt or health check");
        CounterSnapshot.Builder redirects = counterFamily("slotway_upstream_redirects",
                "MOVED and ASK redirects followed");
        CounterSnapshot.Builder timeouts = counterFamily("slotway_upstream_timeouts",
                "Client requests that reached their deadline before the upstream answered");
        CounterSnapshot.Builder fanouts = counterFamily("slotway_fanout_requests",
                "Client requests sent to several shards");
        CounterSnapshot.Builder parts = counterFamily("slotway_fanout_parts",
                "Shard requests made for fanned-out client requests");
        CounterSnapshot.Builder refreshes = counterFamily("slotway_topology_refreshes",
                "Cluster slot map reads, by result");
        CounterSnapshot.Builder mirrored = counterFamily("slotway_mirror_requests",
                "Copies of routes' commands for an upstream as their mirror, by result (sent, dropped at "
                        + "limits.mirror_pending_requests, failed)");
        GaugeSnapshot.Builder dedicated = GaugeSnapshot.builder().name("slotway_upstream_dedicated_connections")
                .help("Dedicated connections (WATCH, blocking commands) lent to a client (in_use) or kept warm (idle)");
        CounterSnapshot.Builder dedicatedEvents = counterFamily("slotway_upstream_dedicated_events",
                "Dedicated connections opened, clients that waited for one, and clients refused one "
                        + "(limits.dedicated_connections_per_node)");
        for (Upstream upstream : api.upstreams()) {
            String name = upstream.name();
            UpstreamCounters counters = metrics.upstream(name);
            for (NodeCounters node : counters.nodes()) {
                for (NodeMetrics.Result result : NodeMetrics.Result.values()) {
                    requests.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(Labels.of("upstream", name, "node", node.node(), "result", result.label()))
                            .value(node.total(result)).build());
                }
                dedicated.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("upstream", name, "node", node.node(), "state", "in_use"))
                        .value(node.dedicatedInUse()).build());
                dedicated.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("upstream", name, "node", node.node(), "state", "idle"))
                        .value(node.dedicatedIdle()).build());
                for (NodeMetrics.Dedicated event : NodeMetrics.Dedicated.values()) {
                    dedicatedEvents.dataPoint(point(Labels.of("upstream", name, "node", node.node(), "event",
                            event.label()), node.total(event)));
                }
            }
            for (Shard shard : upstream.topology().shards()) {
                upPoint(up, name, shard.primary(), "primary");
                shard.replicas().forEach(replica -> upPoint(up, name, replica, "replica"));
            }
            // Off the ring but not forgotten: an ejected node stays visible (and down) until it is back.
            upstream.ejected().forEach(node -> upPoint(up, name, node, "ejected"));
            redirects.dataPoint(point(Labels.of("upstream", name, "kind", "moved"), counters.moved()));
            redirects.dataPoint(point(Labels.of("upstream", name, "kind", "ask"), counters.asks()));
            timeouts.dataPoint(point(Labels.of("upstream", name), counters.timeouts()));
            fanouts.dataPoint(point(Labels.of("upstream", name), counters.fanouts()));
            parts.dataPoint(point(Labels.of("upstream", name), counters.fanoutParts()));
            refreshes.dataPoint(point(Labels.of("upstream", name, "result", "ok"), counters.refreshes()));
            refreshes.dataPoint(point(Labels.of("upstream", name, "result", "error"), counters.refreshFailures()));
            for (UpstreamMetrics.MirrorResult result : UpstreamMetrics.MirrorResult.values()) {
                if (counters.mirrored(result) > 0) {
                    mirrored.dataPoint(point(Labels.of("upstream", name, "result", result.label()),
                            counters.mirrored(result)));
                }
            }
        }
        snapshots.metricSnapshot(requests.build());
        snapshots.metricSnapshot(up.build());
        snapshots.metricSnapshot(redirects.build());
        snapshots.metricSnapshot(timeouts.build());
        snapshots.metricSnapshot(fanouts.build());
        snapshots.metricSnapshot(parts.build());
        snapshots.metricSnapshot(refreshes.build());
        snapshots.metricSnapshot(mirrored.build());
        snapshots.metricSnapshot(dedicated.build());
        snapshots.metricSnapshot(dedicatedEvents.build());
    }

    private static void upPoint(GaugeSnapshot.Builder up, String upstream, UpstreamNode node, String role) {
        up.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("upstream", upstream, "node", node.toString(), "role", role))
                .value(node.isDown() ? 0 : 1).build());
    }

    private static CounterSnapshot.Builder counterFamily(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static CounterSnapshot.CounterDataPointSnapshot point(Labels labels, long value) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
