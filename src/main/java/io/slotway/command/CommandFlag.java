package io.slotway.command;

import java.util.Locale;

/** Command flags exactly as Redis 7's COMMAND reports them. */
public enum CommandFlag {
    ADMIN, ALLOW_BUSY, ASKING, BLOCKING, DENYOOM, FAST, LOADING, MAY_REPLICATE, MODULE, MOVABLEKEYS,
    NO_ASYNC_LOADING, NO_AUTH, NO_MANDATORY_KEYS, NO_MULTI, NO_PROPAGATE, NOSCRIPT, ONLY_SENTINEL, PUBSUB,
    READONLY, SENTINEL, SKIP_MONITOR, SKIP_SLOWLOG, STALE, WRITE;

    /** Fails loudly on a flag this build does not know, so a regenerated table cannot silently lose meaning. */
    static CommandFlag of(String reported) {
        return valueOf(reported.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
