package io.slotway.session;

import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.Upstream;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of this process's clients wait in a blocking command now, by their {@code CLIENT ID}, and on which
 * dedicated connection: what CLIENT UNBLOCK from any client on any event loop needs to reach them. Thread-safe.
 */
public final class BlockedClients {

    /** Where a client is blocked: the node's own CLIENT UNBLOCK, sent there, ends it exactly as on one Redis. */
    public record Blocked(Upstream upstream, DedicatedConnection connection) {
    }

    private static final ConcurrentHashMap<Long, Blocked> BY_CLIENT = new ConcurrentHashMap<>();

    private BlockedClients() {
    }

    /** Where client {@code clientId} is blocked, or null when it is not. */
    public static Blocked find(long clientId) {
        return BY_CLIENT.get(clientId);
    }

    static void blocked(long clientId, Upstream upstream, DedicatedConnection connection) {
        BY_CLIENT.put(clientId, new Blocked(upstream, connection));
    }

    static void unblocked(long clientId) {
        BY_CLIENT.remove(clientId);
    }
}
