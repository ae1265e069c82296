package io.slotway.metrics;

import java.util.Locale;

/**
 * What the event loops, upstream connections and the reload path record: every method is a few nanoseconds, takes
 * no lock and allocates nothing. Each defaults to doing nothing, so a test or a tool can pass {@link #NONE}; the
 * counting backend lives in {@code metrics.counters}.
 */
public interface Metrics {

    /** Records nothing. */
    Metrics NONE = new Metrics() {
    };

    /** A per-client limit acting: reading paused for a while, or the client closed. */
    enum ClientLimit {
        PENDING_REQUESTS, PENDING_REPLY_BYTES, OUTPUT_BUFFER, PUBSUB_OUTPUT_BUFFER, IDLE_TIMEOUT, PROTOCOL_ERROR;

        /** The label value, e.g. {@code pending_reply_bytes}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a transaction (MULTI ... EXEC) ended: run, refused with EXECABORT or a lost WATCH, or discarded. */
    enum TransactionEnd {
        COMMITTED, ABORTED, DISCARDED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The counters of a command by its table name ({@code container|sub} for subcommands). */
    default CommandMetrics command(String name) {
        return CommandMetrics.NONE;
    }

    /** The counters of an upstream by its configured name. */
    default UpstreamMetrics upstream(String name) {
        return UpstreamMetrics.NONE;
    }

    /** A reload removed the upstream {@code name}: its series stop being reported. */
    default void upstreamRemoved(String name) {
    }

    default void clientConnected() {
    }

    default void clientDisconnected() {
    }

    /** A client was refused at {@code limits.max_clients}. */
    default void clientRejected() {
    }

    /** A client's AUTH (or HELLO AUTH) was refused. */
    default void authFailed() {
    }

    default void clientLimit(ClientLimit limit) {
    }

    /** A client's TLS handshake failed: no certificate, an untrusted one, plain text on a TLS port, ... */
    default void tlsHandshakeFailed() {
    }

    /** A config reload was applied ({@code applied}) or refused. */
    default void reloaded(boolean applied) {
    }

    default void transactionEnded(TransactionEnd end) {
    }

    /** Clients waiting in a blocking command (BLPOP, XREAD BLOCK, ...) changed by {@code delta}. */
    default void blockedClientsChanged(int delta) {
    }

    /** Clients subscribed to anything (pub/sub) changed by {@code delta}. */
    default void subscribersChanged(int delta) {
    }

    /** Names (channels, patterns, shard channels) an event loop holds subscribed upstream changed by {@code delta}. */
    default void subscriptionsChanged(int delta) {
    }

    /** Upstream subscriber connections changed by {@code delta}. */
    default void subscriberConnectionsChanged(int delta) {
    }

    /** A published message was written to {@code subscribers} clients (0: none of this loop wanted it any more). */
    default void messageDelivered(int subscribers) {
    }

    /** A request newly found in flight past the long-running threshold. */
    default void longRunningFound() {
    }

    /** One event loop's sweep found {@code delta} more (or fewer) requests past the threshold than before. */
    default void longRunningChanged(int delta) {
    }
}
