package io.slotway.local;

/**
 * What local commands report about the deployment, from the default upstream's config and what its nodes said about
 * themselves: the Redis version (HELLO), the database count (SELECT), whether it is a Redis Cluster (database 0
 * only, and CLUSTER is answered), and the database clients start in (CLIENT LIST).
 */
public record ServerFacts(String redisVersion, int databases, boolean clusterMode, int defaultDatabase) {

    /** Clients start in database 0. */
    public ServerFacts(String redisVersion, int databases, boolean clusterMode) {
        this(redisVersion, databases, clusterMode, 0);
    }
}
