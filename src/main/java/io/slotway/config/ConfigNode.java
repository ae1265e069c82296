package io.slotway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML mapping being bound, with its path: reading a key marks it known, {@link #finish()} reports the keys
 * nobody read. Problems are collected, never thrown, so one run reports all of them.
 */
final class ConfigNode {

    private final String path;
    private final JsonNode node;
    private final List<String> problems;
    private final Set<String> read = new HashSet<>();

    ConfigNode(String path, JsonNode node, List<String> problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(pathOf(key) + ": " + message);
    }

    boolean has(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** The nested mapping at {@code key}, or null (with a problem if it is present but not a mapping). */
    ConfigNode mapping(String key, boolean required) {
        JsonNode value = value(key, required, "a mapping");
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            problem(key, "expected a mapping");
            return null;
        }
        return new ConfigNode(pathOf(key), value, problems);
    }

    /** The mapping's own entries, for maps keyed by user-chosen names. */
    List<Map.Entry<String, JsonNode>> entries() {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            read.add(entry.getKey());
            entries.add(entry);
        }
        return entries;
    }

    ConfigNode child(String key, JsonNode value) {
        return new ConfigNode(pathOf(key), value, problems);
    }

    /** Whether {@code key} holds a single value (string, number) rather than a mapping or a list. */
    boolean isScalar(String key) {
        JsonNode value = node.get(key);
        return value != null && value.isValueNode();
    }

    boolean isMapping() {
        return node.isObject();
    }

    String string(String key, boolean required, String expected) {
        JsonNode value = value(key, required, expected);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode() || value.isBoolean()) {
            problem(key, "expected " + expected);
            return null;
        }
        return value.asText();
    }

    /** {@code true} or {@code false}; anything else is a problem and gives {@code fallback}. */
    Boolean bool(String key, boolean fallback) {
        JsonNode value = value(key, false, "");
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem(key, "'" + value.asText() + "' (expected: true or false)");
            return fallback;
        }
        return value.booleanValue();
    }

    int integer(String key, int fallback, long min, long max) {
        JsonNode value = value(key, false, "");
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            problem(key, "'" + value.asText() + "' is not a whole number (expected: " + min + ".." + max + ")");
            return fallback;
        }
        long number = value.asLong();
        if (number < min || number > max) {
            problem(key, number + " (expected: " + min + ".." + max + ")");
            return fallback;
        }
        return (int) number;
    }

    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        return parsed(key, fallback, Durations::parse, Durations::format,
                value -> value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
                Durations.format(min) + ".." + Durations.format(max));
    }

    int size(String key, int fallback, long min, long max) {
        Long parsed = parsed(key, (long) fallback, Sizes::parse, Sizes::format,
                value -> value >= min && value <= max, Sizes.format(min) + ".." + Sizes.format(max));
        return parsed.intValue();
    }

    private <T> T parsed(String key, T fallback, Function<String, T> parser, Function<T, String> format,
                         java.util.function.Predicate<T> inRange, String range) {
        JsonNode value = value(key, false, "");
        if (value == null) {
            return fallback;
        }
        T parsed;
        try {
            parsed = parser.apply(value.asText());
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return fallback;
        }
        if (!inRange.test(parsed)) {
            problem(key, format.apply(parsed) + " (expected: " + range + ")");
            return fallback;
        }
        return parsed;
    }

    /** A list at {@code key}; each element is passed with its own path ({@code key[i]}). */
    List<Map.Entry<String, JsonNode>> list(String key, boolean required, String expected) {
        JsonNode value = value(key, required, expected);
        List<Map.Entry<String, JsonNode>> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (!value.isArray()) {
            problem(key, "expected a list (" + expected + ")");
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            items.add(Map.entry(pathOf(key) + "[" + i + "]", value.get(i)));
        }
        return items;
    }

    private JsonNode value(String key, boolean required, String expected) {
        read.add(key);
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problem(key, "missing (expected: " + expected + ")");
            }
            return null;
        }
        return value;
    }

    /** Reports every key that no binder read: a typo must not be silently ignored. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                problem(key, "unknown key");
            }
        }
    }
}
