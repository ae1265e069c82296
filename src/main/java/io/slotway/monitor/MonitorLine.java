package io.slotway.monitor;

import io.slotway.protocol.Request;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * One command as Redis's MONITOR shows it: {@code +<seconds>.<micros> [<db> <client address>] "arg" ...}, each
 * argument quoted as Redis quotes it ({@code sdscatrepr}), and the secrets of AUTH, HELLO AUTH and MIGRATE AUTH
 * replaced by {@code (redacted)}, as Redis 7 does.
 */
final class MonitorLine {

    private static final String REDACTED = "\"(redacted)\"";

    private MonitorLine() {
    }

    /** The arguments of {@code request}, quoted and redacted, each after a space. */
    static String arguments(Request request) {
        StringBuilder out = new StringBuilder(request.frame().readableBytes() + 16);
        String name = request.argString(0).toLowerCase(Locale.ROOT);
        // Bounded by the request's arguments.
        for (int i = 0; i < request.count(); i++) {
            out.append(' ');
            if (secret(name, request, i)) {
                out.append(REDACTED);
            } else {
                quote(out, request.copy(i));
            }
        }
        return out.toString();
    }

    /** The line, CRLF included, for {@code arguments} sent by {@code address} in {@code database} at {@code now}. */
    static byte[] line(Instant now, int database, String address, String arguments) {
        String micros = Long.toString(now.getNano() / 1000 + 1_000_000L).substring(1);
        return ("+" + now.getEpochSecond() + "." + micros + " [" + database + " " + address + "]" + arguments
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** AUTH's arguments; the user and password after HELLO's AUTH; MIGRATE's AUTH password and AUTH2 pair. */
    private static boolean secret(String name, Request request, int index) {
        if (name.equals("auth")) {
            return index > 0;
        }
        if (index < 2 || !name.equals("hello") && !name.equals("migrate")) {
            return false;
        }
        boolean hello = name.equals("hello");
        return request.equalsIgnoreCase(index - 1, "AUTH")
                || request.equalsIgnoreCase(index - 2, hello ? "AUTH" : "AUTH2")
                || !hello && request.equalsIgnoreCase(index - 1, "AUTH2");
    }

    /** Redis's {@code sdscatrepr}: printable bytes as they are, quotes and backslashes escaped, the rest as hex. */
    static void quote(StringBuilder out, byte[] bytes) {
        out.append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> out.append('\\').append((char) c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        out.append((char) c);
                    } else {
                        out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
                }
            }
        }
        out.append('"');
    }
}
