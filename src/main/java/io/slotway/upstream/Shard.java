package io.slotway.upstream;

import java.util.List;

/** One shard: the node that owns its keys, and its replicas. */
public record Shard(int index, UpstreamNode primary, List<UpstreamNode> replicas) {

    public Shard {
        replicas = List.copyOf(replicas);
    }
}
