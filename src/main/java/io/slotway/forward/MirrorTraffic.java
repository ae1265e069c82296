package io.slotway.forward;

import io.netty.util.concurrent.FastThreadLocal;

import java.util.HashMap;
import java.util.Map;

/**
 * Each event loop's copies sent to each mirror upstream and not yet answered, kept for the life of the server
 * rather than of one config generation: copies sent before a reload still count against the limit after it.
 */
public final class MirrorTraffic {

    /** One loop's copies in flight to one mirror; touched only from that loop. */
    static final class Pending {
        int count;
    }

    private final FastThreadLocal<Map<String, Pending>> byLoop = new FastThreadLocal<>() {
        @Override
        protected Map<String, Pending> initialValue() {
            return new HashMap<>();
        }
    };

    /** This loop's count for the mirror upstream named {@code upstream} (call on the loop). */
    Pending pending(String upstream) {
        return byLoop.get().computeIfAbsent(upstream, name -> new Pending());
    }
}
