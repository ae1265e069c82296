package io.slotway.forward;

import io.slotway.command.KeyNames;
import io.slotway.keyspace.Glob;

import java.util.Arrays;

/**
 * A KEYS or SCAN MATCH pattern for a shard whose keys lack their route's prefix: the pattern the node is asked
 * for ({@code sent}; null when the client gave none), and what the names it returns need here ({@code restore}).
 * A pattern that spells the prefix out loses it; any other asks for every key, matched here once the prefix is back.
 */
record PatternCut(byte[] sent, KeyNames.Restore restore) {

    private static final byte[] EVERYTHING = {'*'};

    /** {@code pattern}: the client's, or null for none; {@code removed}: the bytes the route cut from its keys. */
    static PatternCut of(byte[] pattern, byte[] removed) {
        if (pattern == null) {
            return new PatternCut(null, new KeyNames.Restore(removed, null));
        }
        if (Glob.startsWithLiteral(pattern, removed)) {
            return new PatternCut(Arrays.copyOfRange(pattern, removed.length, pattern.length),
                    new KeyNames.Restore(removed, null));
        }
        return new PatternCut(EVERYTHING, new KeyNames.Restore(removed, pattern));
    }
}
