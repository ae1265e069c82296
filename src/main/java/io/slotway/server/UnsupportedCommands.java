package io.slotway.server;

import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.protocol.Request;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Commands that need a connection of their own (transactions, subscriptions, blocking pops, replication streams):
 * over pooled connections they would hang or leak state into other clients, so they get a clear error instead.
 */
final class UnsupportedCommands {

    private static final byte[] BLOCK = "BLOCK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAMS = "STREAMS".getBytes(StandardCharsets.US_ASCII);

    /** Named commands and why; blocking commands are found by their flag. */
    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("multi", "transactions need a dedicated connection"),
            Map.entry("exec", "transactions need a dedicated connection"),
            Map.entry("discard", "transactions need a dedicated connection"),
            Map.entry("watch", "transactions need a dedicated connection"),
            Map.entry("unwatch", "transactions need a dedicated connection"),
            Map.entry("subscribe", "pub/sub needs a dedicated connection"),
            Map.entry("psubscribe", "pub/sub needs a dedicated connection"),
            Map.entry("ssubscribe", "pub/sub needs a dedicated connection"),
            Map.entry("unsubscribe", "pub/sub needs a dedicated connection"),
            Map.entry("punsubscribe", "pub/sub needs a dedicated connection"),
            Map.entry("sunsubscribe", "pub/sub needs a dedicated connection"),
            Map.entry("monitor", "it streams every command of the server"),
            Map.entry("sync", "replication streams are not proxied"),
            Map.entry("psync", "replication streams are not proxied"),
            Map.entry("replconf", "replication streams are not proxied"),
            Map.entry("wait", "it waits on the writes of one connection, and connections are shared"));

    private static final String BLOCKING = "blocking commands need a dedicated connection";

    /** Commands flagged blocking that only block when given the BLOCK option. */
    private static final Map<String, Boolean> BLOCK_OPTION_ONLY = Map.of("xread", true, "xreadgroup", true);

    /** Why {@code spec} cannot be proxied, or null if it can. */
    String reason(CommandSpec spec, Request request) {
        String named = BY_NAME.get(spec.name());
        if (named != null) {
            return named;
        }
        if (spec.has(CommandFlag.BLOCKING)) {
            if (BLOCK_OPTION_ONLY.containsKey(spec.name()) && !hasBlockOption(request)) {
                return null;
            }
            return BLOCKING;
        }
        return null;
    }

    private static boolean hasBlockOption(Request request) {
        // Options come before the STREAMS keyword; bounded by the argument count.
        for (int i = 1; i < request.count() && !request.equalsIgnoreCase(i, STREAMS); i++) {
            if (request.equalsIgnoreCase(i, BLOCK)) {
                return true;
            }
        }
        return false;
    }
}
