package io.slotway.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every connected client of this process by its {@code CLIENT ID}, on whichever event loop: where CLIENT TRACKING's
 * REDIRECT finds the client invalidations go to. Thread-safe; a client found is used only on its own loop.
 */
public final class LiveClients {

    private static final Map<Long, Client> BY_ID = new ConcurrentHashMap<>();

    private LiveClients() {
    }

    /** The client with {@code id}, or null when none is connected. */
    public static Client find(long id) {
        return BY_ID.get(id);
    }

    public static void connected(Client client) {
        BY_ID.put(client.state().id(), client);
    }

    public static void disconnected(Client client) {
        BY_ID.remove(client.state().id(), client);
    }
}
