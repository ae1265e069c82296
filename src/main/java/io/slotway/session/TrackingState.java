package io.slotway.session;

/**
 * A client's client-side caching (CLIENT TRACKING), kept by the tracking package alongside whatever mode the client
 * is in: a client may cache and run a transaction, or subscribe.
 */
public interface TrackingState {

    /** CLIENT LIST's flag letters: {@code t}, and {@code B} in broadcast mode. */
    String flags();

    /** CLIENT LIST's {@code redir}: the client invalidations go to, 0 for itself. */
    long redirect();

    /** Tracking is off (CLIENT TRACKING off, RESET, or the client gone): let go of every key it tracks. */
    void end();
}
