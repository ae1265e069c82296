package io.slotway.upstream;

import io.slotway.config.NodeConfig;
import io.slotway.config.UpstreamConfig;
import io.slotway.route.KetamaRing;

import java.util.ArrayList;
import java.util.List;

/** Client-side sharding over standalone nodes: exactly one shard per configured node. */
public final class ShardedUpstream implements Upstream {

    private final UpstreamConfig config;
    private final List<UpstreamNode> nodes;
    private final Topology topology;

    public ShardedUpstream(UpstreamConfig config) {
        this.config = config;
        List<UpstreamNode> nodes = new ArrayList<>();
        List<Shard> shards = new ArrayList<>();
        for (NodeConfig node : config.nodes()) {
            UpstreamNode upstreamNode = UpstreamNode.of(config, node.address());
            nodes.add(upstreamNode);
            shards.add(new Shard(shards.size(), upstreamNode, List.of()));
        }
        this.nodes = List.copyOf(nodes);
        this.topology = new KetamaTopology(shards, new KetamaRing(config.nodes()), config.sharding());
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
}
