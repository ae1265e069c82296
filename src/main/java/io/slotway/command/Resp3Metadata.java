package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.RespValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * COMMAND INFO and COMMAND DOCS as Redis sends them to a RESP3 client (flags and categories as sets, key specs and
 * docs as maps), whole and per command by full name ({@code config|get}). The command table's own entries keep the
 * RESP2 bytes; these are what a client that said HELLO 3 gets instead.
 */
final class Resp3Metadata {

    /** Where COMMAND INFO keeps an entry's name and its nested subcommand entries. */
    private static final int NAME = 0;
    private static final int SUBCOMMANDS = 9;

    private final ByteBuf allInfo;
    private final ByteBuf allDocs;
    private final Map<String, ByteBuf> info;
    private final Map<String, ByteBuf> docs;

    private Resp3Metadata(ByteBuf allInfo, ByteBuf allDocs, Map<String, ByteBuf> info, Map<String, ByteBuf> docs) {
        this.allInfo = allInfo;
        this.allDocs = allDocs;
        this.info = info;
        this.docs = docs;
    }

    /** Reads both replies (never released, read-only); fails if either is not what Redis 7 sends. */
    static Resp3Metadata load(ByteBuf allInfo, ByteBuf allDocs) {
        Map<String, ByteBuf> info = new HashMap<>();
        RespValue root = RespValue.parse(allInfo);
        if (root.kind() != RespValue.Kind.ARRAY) {
            throw new IllegalArgumentException("RESP3 COMMAND INFO reply is " + root.kind() + " (expected: an array)");
        }
        collectInfo(root.items(), allInfo, info);
        Map<String, ByteBuf> docs = new HashMap<>();
        CommandTable.collectDocs(RespValue.parse(allDocs), allDocs, docs);
        return new Resp3Metadata(allInfo, allDocs, Map.copyOf(info), Map.copyOf(docs));
    }

    private static void collectInfo(List<RespValue> entries, ByteBuf buffer, Map<String, ByteBuf> byName) {
        // Bounded by the reply: subcommands nest one level below their container.
        for (RespValue entry : entries) {
            if (entry.kind() != RespValue.Kind.ARRAY || entry.items().size() <= SUBCOMMANDS) {
                throw new IllegalArgumentException("RESP3 COMMAND INFO entry " + entry + " (expected: an array of "
                        + (SUBCOMMANDS + 1) + " or more)");
            }
            byName.put(entry.get(NAME).text(), buffer.slice(entry.start(), entry.end() - entry.start()));
            collectInfo(entry.get(SUBCOMMANDS).items(), buffer, byName);
        }
    }

    /** Fails unless every command and subcommand of the table has its RESP3 entry, so none is ever missing. */
    void checkDescribes(List<CommandSpec> specs) {
        for (CommandSpec spec : specs) {
            if (!info.containsKey(spec.name())) {
                throw new IllegalArgumentException("RESP3 COMMAND INFO lacks '" + spec.name() + "'");
            }
            if (spec.docsReply() != null && !docs.containsKey(spec.name())) {
                throw new IllegalArgumentException("RESP3 COMMAND DOCS lacks '" + spec.name() + "'");
            }
            checkDescribes(spec.subcommands());
        }
    }

    ByteBuf allInfo() {
        return allInfo;
    }

    ByteBuf allDocs() {
        return allDocs;
    }

    ByteBuf info(String name) {
        return info.get(name);
    }

    ByteBuf docs(String name) {
        return docs.get(name);
    }
}
