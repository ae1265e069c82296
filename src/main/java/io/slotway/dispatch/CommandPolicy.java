package io.slotway.dispatch;

import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.config.CommandsConfig;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which commands Slotway refuses: those {@code commands.deny} names, itself or through its container, unless
 * {@code commands.allow} names it or its container. So {@code allow: [config]} lifts the default denial of
 * {@code CONFIG SET}, and {@code deny: [config]} with {@code allow: [config get]} leaves only CONFIG GET.
 */
final class CommandPolicy {

    private final Set<CommandSpec> denied;
    private final Set<CommandSpec> allowed;

    CommandPolicy(CommandTable table, CommandsConfig config) {
        this.denied = resolve(table, config.deny());
        this.allowed = resolve(table, config.allow());
    }

    private static Set<CommandSpec> resolve(CommandTable table, List<String> names) {
        Set<CommandSpec> specs = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String name : names) {
            CommandSpec spec = table.lookup(name);
            if (spec != null) {
                specs.add(spec);
            }
        }
        return specs;
    }

    /** Whether {@code command} (with {@code subcommand}, null if none) is refused. */
    boolean denies(CommandSpec command, CommandSpec subcommand) {
        boolean listed = denied.contains(command) || subcommand != null && denied.contains(subcommand);
        return listed && !allowed.contains(command) && !(subcommand != null && allowed.contains(subcommand));
    }

    /** {@code -ERR 'CONFIG SET' is denied by Slotway (commands.deny)}. */
    static String error(CommandSpec command, CommandSpec subcommand) {
        String name = (subcommand == null ? command.name() : subcommand.name()).replace('|', ' ');
        return "ERR '" + name.toUpperCase(Locale.ROOT) + "' is denied by Slotway (commands.deny)";
    }
}
