package io.slotway.command;

import io.slotway.protocol.Request;

import java.util.Locale;

/** Error texts, worded as Redis words them so clients and their users recognise them. */
public final class Errors {

    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String SYNTAX = "ERR syntax error";
    public static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

    private Errors() {
    }

    public static String unknownCommand(Request request) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < request.count() && args.length() < 128; i++) {
            args.append('\'').append(truncate(request.argString(i), 128 - args.length())).append("' ");
        }
        return "ERR unknown command '" + truncate(request.argString(0), 128) + "', with args beginning with: " + args;
    }

    public static String wrongArity(CommandSpec spec) {
        return "ERR wrong number of arguments for '" + spec.name() + "' command";
    }

    public static String unknownSubcommand(CommandSpec container, Request request) {
        return "ERR unknown subcommand '" + truncate(request.argString(1), 128) + "'. Try "
                + container.name().toUpperCase(Locale.ROOT) + " HELP.";
    }

    /** {@code ERR CLIENT LIST is not supported by Slotway: <why>}. */
    public static String unsupported(CommandSpec spec, String why) {
        return "ERR " + spec.name().replace('|', ' ').toUpperCase(Locale.ROOT) + " is not supported by Slotway: "
                + why;
    }

    public static String unknownKeys(String command) {
        return "ERR " + command.toUpperCase(Locale.ROOT)
                + " is not supported by Slotway across shards: its keys cannot be located from the command table";
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
