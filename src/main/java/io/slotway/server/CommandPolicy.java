package io.slotway.server;

import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.config.CommandsConfig;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/** Which commands Slotway refuses ({@code commands.deny} minus {@code commands.allow}), resolved to table entries. */
final class CommandPolicy {

    private final Set<CommandSpec> denied = Collections.newSetFromMap(new IdentityHashMap<>());

    CommandPolicy(CommandTable table, CommandsConfig config) {
        for (String name : config.deny()) {
            if (!config.allow().contains(name)) {
                CommandSpec spec = table.lookup(name);
                if (spec != null) {
                    denied.add(spec);
                }
            }
        }
    }

    /**
     * Whether {@code command} (with {@code subcommand}, null if none) is denied: a denied container denies every
     * subcommand.
     */
    boolean denies(CommandSpec command, CommandSpec subcommand) {
        return denied.contains(command) || subcommand != null && denied.contains(subcommand);
    }

    /** {@code -ERR 'CONFIG SET' is denied by Slotway (commands.deny)}. */
    static String error(CommandSpec command, CommandSpec subcommand) {
        String name = (subcommand == null ? command.name() : subcommand.name()).replace('|', ' ');
        return "ERR '" + name.toUpperCase(Locale.ROOT) + "' is denied by Slotway (commands.deny)";
    }
}
