package io.slotway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slotway.metrics.counters.UpstreamCounters;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.cluster.ClusterUpstream;

import java.util.List;
import java.util.Locale;

/** {@code GET /clusters}: every upstream's shards, slot ranges (cluster mode), nodes, their health and connections. */
final class TopologyReport {

    private TopologyReport() {
    }

    static ObjectNode build(AdminApi api) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode upstreams = root.putArray("upstreams");
        for (Upstream upstream : api.upstreams()) {
            UpstreamCounters metrics = api.metrics().upstream(upstream.name());
            ObjectNode node = upstreams.addObject();
            node.put("name", upstream.name());
            node.put("mode", upstream.config().mode().name().toLowerCase(Locale.ROOT));
            List<List<int[]>> ranges = upstream instanceof ClusterUpstream cluster
                    ? cluster.slotTable().rangesByShard() : null;
            ArrayNode shards = node.putArray("shards");
            for (Shard shard : upstream.topology().shards()) {
                ObjectNode shardNode = shards.addObject();
                shardNode.put("index", shard.index());
                if (ranges != null && shard.index() < ranges.size()) {
                    ArrayNode slots = shardNode.putArray("slots");
                    ranges.get(shard.index()).forEach(range -> slots.addArray().add(range[0]).add(range[1]));
                }
                ArrayNode nodes = shardNode.putArray("nodes");
                addNode(nodes, shard.primary(), "primary", metrics);
                shard.replicas().forEach(replica -> addNode(nodes, replica, "replica", metrics));
            }
            ArrayNode ejected = node.putArray("ejected");
            upstream.ejected().forEach(out -> addNode(ejected, out, "ejected", metrics));
        }
        return root;
    }

    private static void addNode(ArrayNode nodes, UpstreamNode node, String role, UpstreamCounters metrics) {
        ObjectNode entry = nodes.addObject();
        entry.put("address", node.toString());
        entry.put("role", role);
        entry.put("up", !node.isDown());
        entry.put("connections", metrics.node(node.toString()).connections());
        if (node.isDown()) {
            entry.put("last_failure", node.health().lastFailure());
        }
    }
}
