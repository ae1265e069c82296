package io.slotway.upstream;

import io.slotway.config.UpstreamConfig;

import java.util.List;

/** One primary: the one-shard case. */
public final class StandaloneUpstream implements Upstream {

    private final UpstreamConfig config;
    private final UpstreamNode primary;

    public StandaloneUpstream(UpstreamConfig config) {
        this.config = config;
        this.primary = new UpstreamNode(config.name(), config.nodes().get(0), config.username(), config.password(),
                config.timeouts().connect(), config.connectionsPerNode());
    }

    @Override
    public UpstreamConfig config() {
        return config;
    }

    @Override
    public List<UpstreamNode> nodes() {
        return List.of(primary);
    }

    @Override
    public UpstreamNode primary() {
        return primary;
    }
}
