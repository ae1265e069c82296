package io.slotway.command;

/** Redis 7's {@code request_policy} tip: how a cluster client should fan a command out. */
public enum RequestPolicy {
    DEFAULT, ALL_NODES, ALL_SHARDS, MULTI_SHARD, SPECIAL
}
