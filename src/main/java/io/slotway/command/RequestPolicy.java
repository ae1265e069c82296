package io.slotway.command;

import java.util.Arrays;
import java.util.Locale;

/** Redis 7's {@code request_policy} tip: how a cluster client should fan a command out. */
public enum RequestPolicy {
    DEFAULT, ALL_NODES, ALL_SHARDS, MULTI_SHARD, SPECIAL;

    /** From the text after {@code request_policy:}; fails on a policy this build does not know. */
    static RequestPolicy of(String reported) {
        for (RequestPolicy policy : values()) {
            if (policy.name().equals(reported.toUpperCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown request_policy '" + reported + "' (expected one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ")");
    }
}
