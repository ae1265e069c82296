package io.slotway.config;

/** Command policies: whether KEYS (which walks every key of every shard) is allowed at all. */
public record CommandsConfig(boolean allowKeys) {

    public static final CommandsConfig DEFAULTS = new CommandsConfig(true);
}
