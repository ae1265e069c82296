package io.slotway.dispatch;

import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.command.Errors;
import io.slotway.protocol.Request;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a client in the normal mode may not run, and why: commands that need a connection of their own
 * (WATCH, subscriptions, blocking pops, replication streams) would hang or leak state into other clients
 * over shared connections, and CLIENT's connection-table subcommands would act on Slotway's pooled connections.
 */
final class UnsupportedCommands {

    private static final byte[] BLOCK = "BLOCK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAMS = "STREAMS".getBytes(StandardCharsets.US_ASCII);

    private static final String WATCH = "it needs a connection of its own from WATCH to EXEC";
    private static final String PUBSUB = "pub/sub needs a dedicated connection";
    private static final String REPLICATION = "replication streams are not proxied";

    /** By name; a container's reason covers every subcommand it has. Blocking commands are found by their flag. */
    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("watch", WATCH), Map.entry("unwatch", WATCH),
            Map.entry("subscribe", PUBSUB), Map.entry("psubscribe", PUBSUB), Map.entry("ssubscribe", PUBSUB),
            Map.entry("unsubscribe", PUBSUB), Map.entry("punsubscribe", PUBSUB), Map.entry("sunsubscribe", PUBSUB),
            Map.entry("monitor", "it streams every command of the server"),
            Map.entry("sync", REPLICATION), Map.entry("psync", REPLICATION), Map.entry("replconf", REPLICATION),
            Map.entry("wait", "it waits on the writes of one connection, and connections are shared"),
            Map.entry("client", "it would act on the proxy's pooled connections"));

    private static final String BLOCKING = "blocking commands need a dedicated connection";

    private UnsupportedCommands() {
    }

    /** Puts a refusing handler into {@code handlers} for every command of {@code table} the normal mode refuses. */
    static void register(CommandTable table, Map<CommandSpec, CommandHandler> handlers, CommandHandler forward) {
        for (CommandSpec spec : table.all()) {
            String reason = BY_NAME.get(spec.name());
            if (reason != null && spec.isContainer()) {
                spec.subcommands().forEach(sub -> handlers.put(sub, refuse(reason)));
            } else if (reason != null) {
                handlers.put(spec, refuse(reason));
            } else if (spec.has(CommandFlag.BLOCKING)) {
                handlers.put(spec, blocksOnlyWithOption(spec) ? refuseWithBlock(forward) : refuse(BLOCKING));
            }
        }
    }

    private static CommandHandler refuse(String reason) {
        return (client, request, spec) -> Refusal.reject(client, request, Errors.unsupported(spec, reason));
    }

    /** XREAD and XREADGROUP only block when given BLOCK; without it they are ordinary reads. */
    private static boolean blocksOnlyWithOption(CommandSpec spec) {
        return spec.name().equals("xread") || spec.name().equals("xreadgroup");
    }

    private static CommandHandler refuseWithBlock(CommandHandler forward) {
        CommandHandler refuse = refuse(BLOCKING);
        return (client, request, spec) -> (hasBlockOption(request) ? refuse : forward).handle(client, request, spec);
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
