package io.slotway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.SlowLog;

import java.util.Comparator;
import java.util.List;

/** {@code GET /slowlog} (newest first) and {@code GET /inflight} (oldest first). */
final class EventReports {

    private EventReports() {
    }

    static ObjectNode slowlog(SlowLog slowLog) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("threshold_ms", slowLog.thresholdNanos() / 1e6);
        ArrayNode entries = root.putArray("entries");
        for (SlowLog.Entry entry : slowLog.entries()) {
            ObjectNode node = entries.addObject();
            node.put("time", entry.time().toString());
            node.put("client", entry.client());
            node.put("command", entry.command());
            node.put("key", entry.key());
            node.put("node", entry.node());
            node.put("duration_ms", Json.millis(entry.nanos() / 1e3));
        }
        return root;
    }

    static ObjectNode inflight(long thresholdNanos, List<InflightRequest> requests) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("threshold_ms", thresholdNanos / 1e6);
        ArrayNode entries = root.putArray("requests");
        requests.stream().sorted(Comparator.comparingLong(InflightRequest::ageNanos).reversed()).forEach(request -> {
            ObjectNode node = entries.addObject();
            node.put("started", request.started().toString());
            node.put("age_ms", Json.millis(request.ageNanos() / 1e3));
            node.put("client", request.client());
            node.put("command", request.command());
            node.put("key", request.key());
            node.put("node", request.node());
            // A client in BLPOP q 0 waits as it asked to: shown, but as blocked, not as stuck.
            node.put("state", request.blocked() ? "blocked" : "running");
        });
        return root;
    }
}
