package io.slotway.command;

import java.util.Arrays;
import java.util.Locale;

/** Command flags exactly as Redis 7.0's COMMAND reports them ({@code no_auth} is {@link #NO_AUTH}). */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, NO_MANDATORY_KEYS, NO_PROPAGATE,
    NO_MULTI, MOVABLEKEYS, ALLOW_BUSY, NO_ASYNC_LOADING;

    /** Fails on a flag this build does not know, so a regenerated table cannot silently lose a meaning. */
    static CommandFlag of(String reported) {
        for (CommandFlag flag : values()) {
            if (flag.name().equals(reported.toUpperCase(Locale.ROOT))) {
                return flag;
            }
        }
        throw new IllegalArgumentException("unknown command flag '" + reported + "' (expected one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ")");
    }
}
