package io.slotway.server;

import io.slotway.route.Routes;

/**
 * What local commands report about the deployment: the routes, and what the default upstream's nodes said
 * about themselves at start (version for HELLO, database count for SELECT).
 */
record ServerFacts(Routes routes, String redisVersion, int databases) {

    /** The default upstream is a Redis Cluster: database 0 only, and CLUSTER commands are answered. */
    boolean clusterMode() {
        return routes.defaultUpstream().config().mode() == io.slotway.config.UpstreamMode.CLUSTER;
    }
}
