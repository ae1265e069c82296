package io.slotway.testing;

import io.slotway.config.ConfigLoader;
import io.slotway.route.Routes;
import io.slotway.upstream.StandaloneUpstream;
import io.slotway.upstream.Upstream;

import java.util.List;
import java.util.Optional;

/** Routes for tests without sockets: upstreams that are built but never connected to. */
public final class TestRoutes {

    private TestRoutes() {
    }

    /** One standalone upstream on a port nothing listens on: handlers only read its topology. */
    public static Routes unconnectedStandalone() {
        try {
            Upstream upstream = new StandaloneUpstream(ConfigLoader.parse("""
                    listen: 127.0.0.1:0
                    upstreams:
                      main:
                        mode: standalone
                        nodes: ["127.0.0.1:1"]
                    routes:
                      default: main
                    """, "test").upstreams().get("main"), Optional.empty());
            return Routes.single(upstream, List.of(upstream));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
