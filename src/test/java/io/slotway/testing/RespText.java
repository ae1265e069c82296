package io.slotway.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes small RESP2 replies for tests: a String is a bulk string, a number an integer, a List an array. */
public final class RespText {

    private RespText() {
    }

    public static byte[] encode(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("$-1\r\n");
        } else if (value instanceof String text) {
            out.append('$').append(text.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(text)
                    .append("\r\n");
        } else if (value instanceof Number number) {
            out.append(':').append(number.longValue()).append("\r\n");
        } else if (value instanceof List<?> items) {
            out.append('*').append(items.size()).append("\r\n");
            items.forEach(item -> write(out, item));
        } else {
            throw new IllegalArgumentException("cannot encode " + value.getClass());
        }
    }

    /** A COMMAND INFO entry with Redis 7's ten fields and no subcommands. */
    public static List<Object> info(String name, int arity, List<String> flags, int first, int last, int step,
                             List<String> tips, List<Object> keySpecs) {
        return List.of(name, arity, flags, first, last, step, List.of("@slow"), tips, keySpecs, List.of());
    }

    /** A key spec map, flattened the way RESP2 sends maps. */
    public static List<Object> keySpec(List<String> flags, List<Object> beginSearch, List<Object> findKeys) {
        return List.of("flags", flags, "begin_search", beginSearch, "find_keys", findKeys);
    }

    public static List<Object> unknownSearch() {
        return List.of("type", "unknown", "spec", List.of());
    }

    public static List<Object> index(int index) {
        return List.of("type", "index", "spec", List.of("index", index));
    }

    public static List<Object> range(int lastKey, int keyStep, int limit) {
        return List.of("type", "range", "spec", List.of("lastkey", lastKey, "keystep", keyStep, "limit", limit));
    }

    /** COMMAND DOCS for the given command names: each with a one-line summary. */
    public static byte[] docs(String... names) {
        List<Object> map = new java.util.ArrayList<>();
        for (String name : names) {
            map.add(name);
            map.add(List.of("summary", "test command " + name));
        }
        return encode(map);
    }
}
