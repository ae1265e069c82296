package io.slotway.local;

import io.slotway.auth.Authenticator;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.session.ClientDirectory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Every command Slotway answers itself, by the table entry it answers: a subcommand by its own entry
 * ({@code client|id}), so nothing is dispatched twice by name. Built once per config generation.
 */
public final class LocalCommands {

    private final CommandTable table;
    private final Map<CommandSpec, LocalCommand> bySpec = new IdentityHashMap<>();
    private final Map<CommandSpec, LocalCommand> newerSubcommands = new IdentityHashMap<>();

    /** {@code authenticator} is null when clients need not log in; {@code clients}: every client of the server. */
    public LocalCommands(CommandTable table, ServerFacts facts, Authenticator authenticator, ClientDirectory clients) {
        this.table = table;
        ConnectionCommands.register(this, facts);
        add("auth", new AuthCommand(authenticator));
        add("hello", new HelloCommand(authenticator, facts));
        ClientCommands.register(this);
        ClientListCommands.commands(clients, facts, authenticator).forEach(this::add);
        ClusterCommands.register(this, facts);
        CommandCommands.register(this, table);
    }

    /** Answers {@code name} ({@code container|sub} for a subcommand) with {@code command}. */
    void add(String name, LocalCommand command) {
        bySpec.put(entry(name), command);
    }

    /** Answers the subcommands of {@code container} that the table does not know yet. */
    void addNewerSubcommands(String container, LocalCommand command) {
        newerSubcommands.put(entry(container), command);
    }

    /** The table entry of {@code name}; a name the table lacks is a bug, found at start. */
    CommandSpec entry(String name) {
        CommandSpec spec = table.lookup(name);
        if (spec == null) {
            throw new IllegalStateException("local command missing from the command table: " + name);
        }
        return spec;
    }

    public Map<CommandSpec, LocalCommand> bySpec() {
        return Collections.unmodifiableMap(bySpec);
    }

    public Map<CommandSpec, LocalCommand> newerSubcommands() {
        return Collections.unmodifiableMap(newerSubcommands);
    }
}
