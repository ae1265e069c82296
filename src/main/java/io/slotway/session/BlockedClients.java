package io.slotway.session;

import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.Upstream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which of this process's clients wait in a blocking command now, by their {@code CLIENT ID}, and on which
 * dedicated connection: what CLIENT UNBLOCK from any client on any event loop needs to reach them. Thread-safe.
 */
public final class BlockedClients {

    /**
     * Where a client is blocked: the node's own CLIENT UNBLOCK, sent there, ends it exactly as on one Redis. Either
     * the unblocker claims it first, or the blocked command's end does; the loser steps back, so an unblock never
     * reaches the connection after it was given to another client.
     */
    public static final class Blocked {
        private static final int BLOCKED = 0;
        private static final int ENDED = 1;
        private static final int UNBLOCKING = 2;

        private final Upstream upstream;
        private final DedicatedConnection connection;
        private final AtomicInteger state = new AtomicInteger(BLOCKED);

        Blocked(Upstream upstream, DedicatedConnection connection) {
            this.upstream = upstream;
            this.connection = connection;
        }

        public Upstream upstream() {
            return upstream;
        }

        public DedicatedConnection connection() {
            return connection;
        }

        /** Claims the blocked command for CLIENT UNBLOCK; false when it has ended or another unblock claimed it. */
        public boolean claimForUnblock() {
            return state.compareAndSet(BLOCKED, UNBLOCKING);
        }

        /** The blocked command ended; false when an unblock claimed it first (its connection must not be reused). */
        boolean end() {
            return state.compareAndSet(BLOCKED, ENDED) || state.get() == ENDED;
        }
    }

    private static final ConcurrentHashMap<Long, Blocked> BY_CLIENT = new ConcurrentHashMap<>();

    private BlockedClients() {
    }

    /** Where client {@code clientId} is blocked, or null when it is not. */
    public static Blocked find(long clientId) {
        return BY_CLIENT.get(clientId);
    }

    static Blocked blocked(long clientId, Upstream upstream, DedicatedConnection connection) {
        Blocked blocked = new Blocked(upstream, connection);
        BY_CLIENT.put(clientId, blocked);
        return blocked;
    }

    static void unblocked(long clientId, Blocked blocked) {
        if (blocked != null) {
            BY_CLIENT.remove(clientId, blocked);
        }
    }
}
