package io.slotway.upstream;

import io.slotway.config.UpstreamConfig;
import io.slotway.tls.UpstreamTls;

import java.util.List;
import java.util.Optional;

/** One primary: the one-shard case. */
public final class StandaloneUpstream implements Upstream {

    private final UpstreamConfig config;
    private final UpstreamNode primary;
    private final Topology topology;

    public StandaloneUpstream(UpstreamConfig config, Optional<UpstreamTls> tls) {
        this.config = config;
        this.primary = UpstreamNode.of(config, config.nodes().get(0).address(), tls);
        this.topology = new SingleShardTopology(new Shard(0, primary, List.of()));
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
        return List.of(primary);
    }
}
