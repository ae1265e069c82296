package io.slotway.local;

/**
 * What local commands report about the deployment, from what the default upstream's nodes said about themselves:
 * the Redis version (HELLO), the database count (SELECT), and whether it is a Redis Cluster (database 0 only, and
 * CLUSTER is answered).
 */
public record ServerFacts(String redisVersion, int databases, boolean clusterMode) {
}
