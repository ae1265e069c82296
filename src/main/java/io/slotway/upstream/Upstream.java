package io.slotway.upstream;

import io.slotway.config.UpstreamConfig;

import java.util.List;

/**
 * A named group of Redis nodes and how keys map onto them. The shard set is data the upstream holds, never
 * something discovered by asking for nodes until the answers repeat.
 */
public interface Upstream {

    UpstreamConfig config();

    default String name() {
        return config().name();
    }

    /** Every node, each exactly once. */
    List<UpstreamNode> nodes();

    /** The node that serves keyless and single-shard commands (standalone: the primary). */
    UpstreamNode primary();
}
