package io.slotway.command;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns one COMMAND INFO entry (Redis 7: ten fields) into a {@link CommandSpec}. */
final class CommandSpecParser {

    private CommandSpecParser() {
    }

    static CommandSpec parse(RespNode entry, ByteBuf source) {
        if (entry.items.size() < 10) {
            throw new IllegalArgumentException("COMMAND INFO entry with " + entry.items.size()
                    + " fields (expected: 10, Redis 7)");
        }
        String name = entry.get(0).text;
        Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        entry.get(2).texts().forEach(flag -> flags.add(CommandFlag.of(flag)));
        RequestPolicy request = RequestPolicy.DEFAULT;
        ResponsePolicy response = ResponsePolicy.DEFAULT;
        boolean nondeterministic = false;
        for (String tip : entry.get(7).texts()) {
            if (tip.startsWith("request_policy:")) {
                request = RequestPolicy.valueOf(policy(tip));
            } else if (tip.startsWith("response_policy:")) {
                response = ResponsePolicy.valueOf(policy(tip));
            } else if (tip.startsWith("nondeterministic_output")) {
                nondeterministic = true;
            }
        }
        List<KeySpec> keySpecs = new ArrayList<>();
        for (RespNode spec : entry.get(8).items) {
            keySpecs.add(keySpec(spec));
        }
        List<CommandSpec> subcommands = new ArrayList<>();
        for (RespNode sub : entry.get(9).items) {
            subcommands.add(parse(sub, source));
        }
        return new CommandSpec(name, (int) entry.get(1).integer, flags, (int) entry.get(3).integer,
                (int) entry.get(4).integer, (int) entry.get(5).integer, new LinkedHashSet<>(entry.get(6).texts()),
                request, response, nondeterministic, keySpecs, subcommands, CommandTable.slice(source, entry));
    }

    private static String policy(String tip) {
        return tip.substring(tip.indexOf(':') + 1).toUpperCase(Locale.ROOT);
    }

    private static KeySpec keySpec(RespNode spec) {
        Set<String> flags = new LinkedHashSet<>();
        spec.field("flags").texts().forEach(flag -> flags.add(flag.toUpperCase(Locale.ROOT)));
        RespNode begin = spec.field("begin_search");
        RespNode beginSpec = begin.field("spec");
        KeySpec.BeginSearch beginType = KeySpec.BeginSearch.valueOf(begin.field("type").text.toUpperCase(Locale.ROOT));
        int index = 0;
        String keyword = null;
        int startFrom = 0;
        if (beginType == KeySpec.BeginSearch.INDEX) {
            index = (int) beginSpec.field("index").integer;
        } else if (beginType == KeySpec.BeginSearch.KEYWORD) {
            keyword = beginSpec.field("keyword").text.toUpperCase(Locale.ROOT);
            startFrom = (int) beginSpec.field("startfrom").integer;
        }
        RespNode find = spec.field("find_keys");
        RespNode findSpec = find.field("spec");
        KeySpec.FindKeys findType = KeySpec.FindKeys.valueOf(find.field("type").text.toUpperCase(Locale.ROOT));
        int lastKey = 0;
        int keyStep = 1;
        int limit = 0;
        int keyNumIndex = 0;
        int firstKey = 0;
        if (findType == KeySpec.FindKeys.RANGE) {
            lastKey = (int) findSpec.field("lastkey").integer;
            keyStep = (int) findSpec.field("keystep").integer;
            limit = (int) findSpec.field("limit").integer;
        } else if (findType == KeySpec.FindKeys.KEYNUM) {
            keyNumIndex = (int) findSpec.field("keynumidx").integer;
            firstKey = (int) findSpec.field("firstkey").integer;
            keyStep = (int) findSpec.field("keystep").integer;
        }
        return new KeySpec(beginType, index, keyword, startFrom, findType, lastKey, keyStep, limit, keyNumIndex,
                firstKey, flags);
    }
}
