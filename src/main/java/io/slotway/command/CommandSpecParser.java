package io.slotway.command;

import io.slotway.protocol.RespValue;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one COMMAND INFO entry (Redis 7: ten fields, subcommands nested in the tenth) into a {@link CommandSpec}.
 * Anything this build does not understand fails the load with the command's name, rather than being dropped.
 */
final class CommandSpecParser {

    /** name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands. */
    private static final int REDIS_7_FIELDS = 10;

    private CommandSpecParser() {
    }

    /**
     * @param info the buffer {@code entry} was parsed from; the spec keeps a slice of it
     * @param docs each command's and subcommand's COMMAND DOCS map, by full name; the spec keeps its slice
     */
    static CommandSpec parse(RespValue entry, ByteBuf info, Map<String, ByteBuf> docs) {
        String name = entry.kind() == RespValue.Kind.ARRAY && !entry.items().isEmpty() ? entry.get(0).text() : null;
        try {
            return parseNamed(entry, info, docs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("COMMAND INFO entry '" + name + "': " + e.getMessage(), e);
        }
    }

    private static CommandSpec parseNamed(RespValue entry, ByteBuf info, Map<String, ByteBuf> docs) {
        if (entry.kind() != RespValue.Kind.ARRAY || entry.items().size() < REDIS_7_FIELDS) {
            throw new IllegalArgumentException(entry.items().size() + " fields (expected: " + REDIS_7_FIELDS
                    + ", as Redis 7 reports)");
        }
        String name = entry.get(0).text();
        if (name == null || name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("command name " + entry.get(0) + " (expected: lower case)");
        }
        Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        for (String flag : array(entry, 2, "flags").texts()) {
            flags.add(CommandFlag.of(flag));
        }
        List<KeySpec> keySpecs = new ArrayList<>();
        for (RespValue spec : array(entry, 8, "key specifications").items()) {
            keySpecs.add(keySpec(spec));
        }
        List<CommandSpec> subcommands = new ArrayList<>();
        for (RespValue sub : array(entry, 9, "subcommands").items()) {
            subcommands.add(parse(sub, info, docs));
        }
        int firstKey = integer(entry, 3, "first key");
        int step = integer(entry, 5, "step");
        if (firstKey < 0 || firstKey > 0 && step < 1) {
            throw new IllegalArgumentException("first key " + firstKey + " step " + step
                    + " (expected: first key >= 0, and step >= 1 when there is one)");
        }
        ByteBuf doc = docs.get(name);
        if (doc == null) {
            throw new IllegalArgumentException("no COMMAND DOCS entry");
        }
        return new CommandSpec(name, integer(entry, 1, "arity"), flags, firstKey, integer(entry, 4, "last key"), step,
                array(entry, 6, "ACL categories").texts(), array(entry, 7, "tips").texts(), keySpecs, subcommands,
                info.slice(entry.start(), entry.end() - entry.start()), doc);
    }

    private static RespValue array(RespValue entry, int field, String what) {
        RespValue value = entry.get(field);
        if (value.kind() != RespValue.Kind.ARRAY) {
            throw new IllegalArgumentException(what + " is " + value.kind() + " (expected: ARRAY)");
        }
        return value;
    }

    private static int integer(RespValue entry, int field, String what) {
        RespValue value = entry.get(field);
        if (value.kind() != RespValue.Kind.INTEGER) {
            throw new IllegalArgumentException(what + " is " + value.kind() + " (expected: INTEGER)");
        }
        return Math.toIntExact(value.integer());
    }

    private static KeySpec keySpec(RespValue spec) {
        Set<KeySpec.Flag> flags = EnumSet.noneOf(KeySpec.Flag.class);
        required(spec, "flags").texts().forEach(flag -> flags.add(KeySpec.Flag.of(flag)));

        RespValue begin = required(spec, "begin_search");
        RespValue beginSpec = required(begin, "spec");
        String beginType = required(begin, "type").text();
        KeySpec.BeginSearch beginSearch;
        int index = 0;
        String keyword = null;
        int startFrom = 0;
        switch (beginType) {
            case "index" -> {
                beginSearch = KeySpec.BeginSearch.INDEX;
                index = number(beginSpec, "index");
            }
            case "keyword" -> {
                beginSearch = KeySpec.BeginSearch.KEYWORD;
                keyword = required(beginSpec, "keyword").text();
                startFrom = number(beginSpec, "startfrom");
            }
            case "unknown" -> beginSearch = KeySpec.BeginSearch.UNKNOWN;
            default -> throw new IllegalArgumentException("begin_search type '" + beginType
                    + "' (expected: index, keyword or unknown)");
        }

        RespValue find = required(spec, "find_keys");
        RespValue findSpec = required(find, "spec");
        String findType = required(find, "type").text();
        KeySpec.FindKeys findKeys;
        int lastKey = 0;
        int keyStep = 0;
        int limit = 0;
        int keyNumIndex = 0;
        int firstKey = 0;
        switch (findType) {
            case "range" -> {
                findKeys = KeySpec.FindKeys.RANGE;
                lastKey = number(findSpec, "lastkey");
                keyStep = number(findSpec, "keystep");
                limit = number(findSpec, "limit");
            }
            case "keynum" -> {
                findKeys = KeySpec.FindKeys.KEYNUM;
                keyNumIndex = number(findSpec, "keynumidx");
                firstKey = number(findSpec, "firstkey");
                keyStep = number(findSpec, "keystep");
            }
            case "unknown" -> findKeys = KeySpec.FindKeys.UNKNOWN;
            default -> throw new IllegalArgumentException("find_keys type '" + findType
                    + "' (expected: range, keynum or unknown)");
        }
        return new KeySpec(beginSearch, index, keyword, startFrom, findKeys, lastKey, keyStep, limit, keyNumIndex,
                firstKey, flags);
    }

    private static RespValue required(RespValue map, String key) {
        RespValue value = map.field(key);
        if (value == null) {
            throw new IllegalArgumentException("key spec without '" + key + "'");
        }
        return value;
    }

    private static int number(RespValue map, String key) {
        RespValue value = required(map, key);
        if (value.kind() != RespValue.Kind.INTEGER) {
            throw new IllegalArgumentException("key spec '" + key + "' is " + value.kind() + " (expected: INTEGER)");
        }
        return Math.toIntExact(value.integer());
    }
}
