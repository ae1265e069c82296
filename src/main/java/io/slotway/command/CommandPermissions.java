package io.slotway.command;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The commands one user may run, from rules in Redis ACL terms applied left to right: {@code +@all} / {@code -@all}
 * (also {@code allcommands} / {@code nocommands}), {@code +@category} / {@code -@category} (the categories the
 * command table gives each command), {@code +name} / {@code -name}, and {@code +container|sub} /
 * {@code -container|sub}. A rule on a container applies to each of its subcommands. Resolved once into the set of
 * allowed table entries, so a check is one identity lookup.
 */
public final class CommandPermissions {

    private final Set<CommandSpec> allowed = Collections.newSetFromMap(new IdentityHashMap<>());

    private CommandPermissions() {
    }

    /**
     * @throws IllegalArgumentException naming the first rule that is not one of the forms above, or names an
     *                                  unknown command or category
     */
    public static CommandPermissions parse(String rules, CommandTable table) {
        List<String> tokens = List.of(rules.trim().toLowerCase(Locale.ROOT).split("\\s+"));
        for (String token : tokens) {
            check(token, table);
        }
        CommandPermissions permissions = new CommandPermissions();
        for (CommandSpec command : table.all()) {
            permissions.decide(command, null, tokens);
            for (CommandSpec sub : command.subcommands()) {
                permissions.decide(sub, command, tokens);
            }
        }
        return permissions;
    }

    private static void check(String token, CommandTable table) {
        if (token.isEmpty() || token.equals("allcommands") || token.equals("nocommands")) {
            return;
        }
        if (token.length() < 2 || (token.charAt(0) != '+' && token.charAt(0) != '-')) {
            throw new IllegalArgumentException("'" + token + "' (expected +@category, -@category, +command, "
                    + "-command, allcommands or nocommands)");
        }
        String name = token.substring(1);
        if (name.startsWith("@")) {
            if (!name.equals("@all") && table.all().stream().noneMatch(command -> hasCategory(command, name))) {
                throw new IllegalArgumentException("'" + token + "': unknown category " + name);
            }
        } else if (table.lookup(name) == null) {
            throw new IllegalArgumentException("'" + token + "': unknown command " + name);
        }
    }

    private static boolean hasCategory(CommandSpec command, String category) {
        return command.aclCategories().contains(category)
                || command.subcommands().stream().anyMatch(sub -> sub.aclCategories().contains(category));
    }

    private void decide(CommandSpec spec, CommandSpec container, List<String> tokens) {
        boolean allow = false;
        for (String token : tokens) {
            if (token.equals("allcommands")) {
                allow = true;
            } else if (token.equals("nocommands")) {
                allow = false;
            } else if (!token.isEmpty() && matches(token.substring(1), spec, container)) {
                allow = token.charAt(0) == '+';
            }
        }
        if (allow) {
            allowed.add(spec);
        }
    }

    private static boolean matches(String rule, CommandSpec spec, CommandSpec container) {
        if (rule.equals("@all")) {
            return true;
        }
        if (rule.startsWith("@")) {
            return spec.aclCategories().contains(rule);
        }
        return rule.equals(spec.name()) || container != null && rule.equals(container.name());
    }

    /** Whether {@code spec} (the subcommand, for a container) may run. */
    public boolean allows(CommandSpec spec) {
        return allowed.contains(spec);
    }
}
