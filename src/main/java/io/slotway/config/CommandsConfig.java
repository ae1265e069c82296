package io.slotway.config;

import java.util.List;
import java.util.Locale;

/**
 * Command policies: whether KEYS (which walks every key of every shard) is allowed, and which commands are denied.
 * Names are lower case, a subcommand as {@code container|sub} (a denied container denies all its subcommands);
 * {@code allow} takes names off {@code deny}.
 */
public record CommandsConfig(boolean allowKeys, List<String> deny, List<String> allow) {

    /**
     * The administrative commands that change or stop a server, and MONITOR, which shows every client's commands:
     * a client of a proxy has no business with them.
     */
    public static final List<String> DEFAULT_DENY = List.of(
            "monitor", "debug", "shutdown", "config|set", "config|rewrite", "config|resetstat", "slaveof", "replicaof",
            "failover", "module", "acl|setuser", "acl|deluser", "acl|load", "acl|save",
            "cluster|addslots", "cluster|addslotsrange", "cluster|delslots", "cluster|delslotsrange",
            "cluster|flushslots", "cluster|failover", "cluster|forget", "cluster|meet", "cluster|replicate",
            "cluster|reset", "cluster|saveconfig", "cluster|set-config-epoch", "cluster|setslot", "cluster|bumpepoch");

    public static final CommandsConfig DEFAULTS = new CommandsConfig(true, DEFAULT_DENY, List.of());

    /** {@code "CONFIG SET"}, {@code "config|set"} and {@code "Config Set"} all name {@code config|set}. */
    public static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "|");
    }
}
