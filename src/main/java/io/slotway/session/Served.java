package io.slotway.session;

import io.slotway.auth.Authenticator;

/** The config generation a client is served by, as its session sees it; a reload replaces it on the client's loop. */
public interface Served {

    /** Increases with every reload. */
    long number();

    RequestHandler handler();

    ClientSettings settings();

    /** Null when clients need not log in. */
    Authenticator authenticator();
}
