package io.slotway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slotway.metrics.NodeMetrics;
import io.slotway.metrics.counters.CommandCounters;
import io.slotway.metrics.counters.Counters;
import io.slotway.metrics.counters.UpstreamCounters;
import io.slotway.upstream.Upstream;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /stats}: the numbers behind the Prometheus metrics as one JSON document. Counts are since start;
 * per-command percentiles too; the overall percentiles cover the last 10 seconds ("latency now").
 */
final class StatsReport {

    private StatsReport() {
    }

    static ObjectNode build(AdminApi api) {
        Counters metrics = api.metrics();
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", api.version());
        root.put("uptime_seconds", Math.round(metrics.uptimeSeconds() * 10) / 10.0);
        root.put("draining", api.isDraining());
        ObjectNode clients = root.putObject("clients");
        clients.put("connected", metrics.clients());
        clients.put("accepted_total", metrics.clientsAccepted());
        clients.put("rejected_total", metrics.clientsRejected());

        ObjectNode commands = root.putObject("commands");
        List<CommandCounters> byCalls = new ArrayList<>(metrics.commands());
        byCalls.sort(Comparator.comparingLong((CommandCounters c) -> c.ok() + c.errors()).reversed()
                .thenComparing(CommandCounters::name));
        long total = 0;
        long errors = 0;
        for (CommandCounters command : byCalls) {
            total += command.ok() + command.errors();
            errors += command.errors();
        }
        commands.put("total", total);
        commands.put("errors", errors);
        percentiles(commands, metrics.allCommands().recent());
        ArrayNode perCommand = commands.putArray("per_command");
        for (CommandCounters command : byCalls) {
            if (command.ok() + command.errors() == 0) {
                continue;
            }
            ObjectNode row = perCommand.addObject();
            row.put("command", command.name());
            row.put("calls", command.ok() + command.errors());
            row.put("errors", command.errors());
            percentiles(row, command.latency().total());
        }

        ArrayNode upstreams = root.putArray("upstreams");
        long fanouts = 0;
        long parts = 0;
        for (Upstream upstream : api.upstreams()) {
            UpstreamCounters counters = metrics.upstream(upstream.name());
            ObjectNode node = upstreams.addObject();
            node.put("name", upstream.name());
            node.put("mode", upstream.config().mode().name().toLowerCase(Locale.ROOT));
            ObjectNode requests = node.putObject("requests");
            for (NodeMetrics.Result result : NodeMetrics.Result.values()) {
                requests.put(result.label(), counters.nodes().stream().mapToLong(n -> n.total(result)).sum());
            }
            ObjectNode redirects = node.putObject("redirects");
            redirects.put("moved", counters.moved());
            redirects.put("ask", counters.asks());
            node.put("timeouts", counters.timeouts());
            ObjectNode refreshes = node.putObject("topology_refreshes");
            refreshes.put("ok", counters.refreshes());
            refreshes.put("error", counters.refreshFailures());
            fanouts += counters.fanouts();
            parts += counters.fanoutParts();
        }
        ObjectNode pubsub = root.putObject("pubsub");
        pubsub.put("subscribers", metrics.pubsub().subscribers());
        pubsub.put("subscriptions", metrics.pubsub().subscriptions());
        pubsub.put("upstream_connections", metrics.pubsub().connections());
        pubsub.put("messages_delivered", metrics.pubsub().delivered());
        pubsub.put("messages_unclaimed", metrics.pubsub().unclaimed());
        ObjectNode longRunning = root.putObject("long_running");
        longRunning.put("current", metrics.longRunning());
        longRunning.put("total", metrics.longRunningTotal());
        ObjectNode fanout = root.putObject("fanout");
        fanout.put("requests", fanouts);
        fanout.put("parts", parts);
        return root;
    }

    private static void percentiles(ObjectNode into, Histogram histogram) {
        into.put("p50_ms", Json.millis(histogram.getValueAtPercentile(50)));
        into.put("p90_ms", Json.millis(histogram.getValueAtPercentile(90)));
        into.put("p99_ms", Json.millis(histogram.getValueAtPercentile(99)));
        into.put("p999_ms", Json.millis(histogram.getValueAtPercentile(99.9)));
    }
}
