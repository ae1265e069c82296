package io.slotway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Rows of commands sent over a raw connection, and every reply read back exactly as sent, of any RESP2 or RESP3
 * type: for tests that compare Slotway's bytes with a real redis-server's.
 */
public final class RespTranscripts {

    private RespTranscripts() {
    }

    /** Each command's reply on a fresh connection, CR and LF escaped so a failure shows where the bytes differ. */
    public static String transcript(int port, List<List<String>> commands,
                                    BiFunction<List<String>, String, String> normalise) throws IOException {
        StringBuilder out = new StringBuilder();
        try (RawClient client = new RawClient(port)) {
            for (List<String> command : commands) {
                client.send(encode(command));
                out.append(escape(normalise.apply(command, readReply(client))));
                if (command.get(0).equalsIgnoreCase("quit")) {
                    client.timeout(2000);
                    out.append(client.closedByServer() ? "(closed)" : "(open)");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Every command as a RESP array, so arguments with spaces and empty arguments travel as they are. */
    public static String encode(List<String> command) {
        StringBuilder out = new StringBuilder().append('*').append(command.size()).append("\r\n");
        for (String arg : command) {
            out.append('$').append(arg.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n")
                    .append(arg).append("\r\n");
        }
        return out.toString();
    }

    /**
     * One complete reply of any type, exactly as sent. Built from whole lines: a bulk string's payload may hold
     * CRLFs, so its lines are joined back until they reach the declared length.
     */
    public static String readReply(RawClient client) throws IOException {
        String line = client.readLine();
        if (line.isEmpty()) {
            throw new IOException("empty line where a reply was expected");
        }
        StringBuilder out = new StringBuilder(line).append("\r\n");
        switch (line.charAt(0)) {
            case '+', '-', ':', '_', '#', ',', '(' -> {
            }
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length >= 0) {
                    StringBuilder payload = new StringBuilder(client.readLine());
                    // Each pass adds at least the CRLF it consumed, so this ends within length / 2 + 1 lines.
                    while (payload.length() < length) {
                        payload.append("\r\n").append(client.readLine());
                    }
                    if (payload.length() != length) {
                        throw new IOException("bulk of " + length + " bytes arrived as " + payload.length());
                    }
                    out.append(payload).append("\r\n");
                }
            }
            case '*', '~', '>', '%', '|' -> {
                int count = Integer.parseInt(line.substring(1));
                int elements = line.charAt(0) == '%' || line.charAt(0) == '|' ? count * 2 : count;
                for (int i = 0; i < elements; i++) {
                    out.append(readReply(client));
                }
            }
            default -> throw new IOException("not a RESP reply: " + line);
        }
        return out.toString();
    }

    /** {@code CLIENT SETNAME "a b"; CLIENT GETNAME}: commands split on ';', arguments on spaces, quotes kept whole. */
    public static List<List<String>> parse(String row) {
        List<List<String>> commands = new ArrayList<>();
        List<String> command = new ArrayList<>();
        StringBuilder arg = null;
        boolean quoted = false;
        for (int i = 0; i <= row.length(); i++) {
            char c = i < row.length() ? row.charAt(i) : ';';
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else {
                    arg.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                arg = arg == null ? new StringBuilder() : arg;
            } else if (c == ' ' || c == ';') {
                if (arg != null) {
                    command.add(arg.toString());
                    arg = null;
                }
                if (c == ';' && !command.isEmpty()) {
                    commands.add(command);
                    command = new ArrayList<>();
                }
            } else {
                arg = arg == null ? new StringBuilder() : arg;
                arg.append(c);
            }
        }
        return commands;
    }

    private static String escape(String reply) {
        return reply.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }
}
