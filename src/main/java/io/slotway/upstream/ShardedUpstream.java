package io.slotway.upstream;

import io.slotway.config.NodeConfig;
import io.slotway.config.UpstreamConfig;
import io.slotway.keyspace.KetamaRing;
import io.slotway.tls.UpstreamTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Client-side sharding over standalone nodes: one shard per configured node on the ring. With
 * {@code eject_after}, a node failing that many health checks in a row is taken off the ring (a new immutable
 * topology without it) and put back when a check succeeds again.
 */
public final class ShardedUpstream implements Upstream {

    private static final Logger log = LoggerFactory.getLogger(ShardedUpstream.class);

    private final UpstreamConfig config;
    private final List<UpstreamNode> nodes;
    private final Map<UpstreamNode, NodeConfig> nodeConfigs = new HashMap<>();
    /** Consecutive failed health checks per node; only the health-check thread touches it. */
    private final Map<UpstreamNode, Integer> failures = new HashMap<>();
    /** Written by the health-check thread, read by reports. */
    private final List<UpstreamNode> ejected = new CopyOnWriteArrayList<>();
    private volatile Topology topology;

    public ShardedUpstream(UpstreamConfig config, Optional<UpstreamTls> tls) {
        this.config = config;
        List<UpstreamNode> nodes = new ArrayList<>();
        for (NodeConfig node : config.nodes()) {
            UpstreamNode upstreamNode = UpstreamNode.of(config, node.address(), tls);
            nodes.add(upstreamNode);
            nodeConfigs.put(upstreamNode, node);
        }
        this.nodes = List.copyOf(nodes);
        this.topology = ring(this.nodes);
    }

    /** The ring over {@code members}, one shard each, in configuration order. */
    private KetamaTopology ring(List<UpstreamNode> members) {
        List<Shard> shards = new ArrayList<>();
        List<KetamaRing.Member> points = new ArrayList<>();
        for (UpstreamNode member : members) {
            shards.add(new Shard(shards.size(), member, List.of()));
            NodeConfig node = nodeConfigs.get(member);
            points.add(new KetamaRing.Member(node.ringName(), node.weight()));
        }
        return new KetamaTopology(shards, new KetamaRing(points), config.sharding());
    }

    @Override
    public UpstreamConfig config() {
        return config;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public List<UpstreamNode> nodes() {
        return nodes;
    }

    @Override
    public List<UpstreamNode> ejected() {
        return List.copyOf(ejected);
    }

    @Override
    public synchronized void healthChecked(UpstreamNode node, boolean reachable) {
        int ejectAfter = config.sharding().ejectAfter();
        if (ejectAfter == 0) {
            return;
        }
        int failed = reachable ? 0 : failures.getOrDefault(node, 0) + 1;
        failures.put(node, failed);
        boolean out = ejected.contains(node);
        if (!reachable && !out && failed >= ejectAfter && ejected.size() + 1 < nodes.size()) {
            ejected.add(node);
            log.warn("upstream {}: node {} ejected from the ring after {} failed health checks; its keys go to "
                    + "the other nodes until it is back", config.name(), node, failed);
            rebuild();
        } else if (reachable && out) {
            ejected.remove(node);
            log.info("upstream {}: node {} is back on the ring", config.name(), node);
            rebuild();
        }
    }

    private void rebuild() {
        List<UpstreamNode> members = new ArrayList<>(nodes);
        members.removeAll(ejected);
        topology = ring(members);
    }
}
