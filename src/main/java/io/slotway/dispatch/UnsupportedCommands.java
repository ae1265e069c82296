package io.slotway.dispatch;

import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.command.Errors;
import java.util.Map;

/**
 * What a client in the normal mode may not run, and why: replication streams would leak state into other clients
 * over shared connections, WAIT counts the writes of one connection, and CLIENT's
 * connection-table subcommands would act on Slotway's pooled connections.
 */
final class UnsupportedCommands {

    private static final String REPLICATION = "replication streams are not proxied";

    /** By name; a container's reason covers every subcommand it has. */
    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("sync", REPLICATION), Map.entry("psync", REPLICATION), Map.entry("replconf", REPLICATION),
            Map.entry("wait", "it counts the replicas that acknowledged the writes of one upstream connection, and "
                    + "Slotway sends a client's writes over connections it shares, so no count would be exact"),
            Map.entry("client", "it would act on the proxy's pooled connections"));

    private UnsupportedCommands() {
    }

    /** Puts a refusing handler into {@code handlers} for every command of {@code table} the normal mode refuses. */
    static void register(CommandTable table, Map<CommandSpec, CommandHandler> handlers) {
        for (CommandSpec spec : table.all()) {
            String reason = BY_NAME.get(spec.name());
            if (reason != null && spec.isContainer()) {
                spec.subcommands().forEach(sub -> handlers.put(sub, refuse(reason)));
            } else if (reason != null) {
                handlers.put(spec, refuse(reason));
            }
        }
    }

    private static CommandHandler refuse(String reason) {
        return (Refusal.Handler) (client, request, spec) -> Refusal.reject(client, request,
                Errors.unsupported(spec, reason));
    }
}
