package io.slotway.route;

import io.slotway.protocol.Args;
import io.slotway.upstream.Upstream;

import java.util.List;

/** Maps commands to upstreams. Today every command takes the default route; key prefixes come later. */
public final class Routes {

    private final Upstream defaultUpstream;
    private final List<Upstream> upstreams;

    public Routes(Upstream defaultUpstream, List<Upstream> upstreams) {
        this.defaultUpstream = defaultUpstream;
        this.upstreams = List.copyOf(upstreams);
    }

    public Upstream route(Args request) {
        return defaultUpstream;
    }

    public Upstream defaultUpstream() {
        return defaultUpstream;
    }

    public List<Upstream> upstreams() {
        return upstreams;
    }
}
