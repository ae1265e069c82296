package io.slotway.command;

import io.slotway.protocol.RespValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.protocol.Args;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command the server knows, with what COMMAND reports about it, loaded once from the raw COMMAND INFO and
 * COMMAND DOCS replies of a real Redis 7.0 (see {@code CommandTableGenerator} in the tests). Read-only and shared.
 */
public final class CommandTable {

    static final String INFO_RESOURCE = "command-info.resp";
    static final String DOCS_RESOURCE = "command-docs.resp";
    static final String RESP3_INFO_RESOURCE = "command-info-resp3.resp";
    static final String RESP3_DOCS_RESOURCE = "command-docs-resp3.resp";

    private static volatile CommandTable standard;

    private final NameIndex<CommandSpec> commands;
    private final ByteBuf allInfo;
    private final ByteBuf allDocs;
    /** The same replies as a RESP3 client gets them (sets, maps), whole and per command by full name. */
    private final Resp3Metadata resp3;

    private CommandTable(List<CommandSpec> commands, ByteBuf allInfo, ByteBuf allDocs, Resp3Metadata resp3) {
        this.commands = new NameIndex<>(commands, CommandSpec::name);
        this.allInfo = allInfo;
        this.allDocs = allDocs;
        this.resp3 = resp3;
    }

    /** The table generated from Redis 7.0, loaded on first use. */
    public static CommandTable standard() {
        CommandTable table = standard;
        if (table == null) {
            synchronized (CommandTable.class) {
                table = standard;
                if (table == null) {
                    table = load(resource(INFO_RESOURCE), resource(DOCS_RESOURCE), resource(RESP3_INFO_RESOURCE),
                            resource(RESP3_DOCS_RESOURCE));
                    standard = table;
                }
            }
        }
        return table;
    }

    private static byte[] resource(String name) {
        try (InputStream in = CommandTable.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/slotway/command/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading resource io/slotway/command/" + name, e);
        }
    }

    /** A table whose RESP3 clients get the RESP2 replies: for synthetic tables in tests. */
    static CommandTable load(byte[] infoReply, byte[] docsReply) {
        return load(infoReply, docsReply, infoReply, docsReply);
    }

    /**
     * Builds a table from the raw replies of {@code COMMAND INFO} and {@code COMMAND DOCS}, in RESP2 and RESP3;
     * fails if one is not what Redis 7 sends or if they do not describe the same commands.
     */
    static CommandTable load(byte[] infoReply, byte[] docsReply, byte[] resp3InfoReply, byte[] resp3DocsReply) {
        ByteBuf info = constant(infoReply);
        ByteBuf docs = constant(docsReply);
        Map<String, ByteBuf> docsByName = new HashMap<>();
        collectDocs(RespValue.parse(docs), docs, docsByName);
        RespValue infoRoot = RespValue.parse(info);
        if (infoRoot.kind() != RespValue.Kind.ARRAY) {
            throw new IllegalArgumentException("COMMAND INFO reply is " + infoRoot + " (expected: an array)");
        }
        List<CommandSpec> specs = new ArrayList<>(infoRoot.items().size());
        for (RespValue entry : infoRoot.items()) {
            specs.add(CommandSpecParser.parse(entry, info, docsByName));
        }
        Resp3Metadata resp3 = Resp3Metadata.load(constant(resp3InfoReply), constant(resp3DocsReply));
        CommandTable table = new CommandTable(specs, info, docs, resp3);
        for (String name : docsByName.keySet()) {
            if (table.lookup(name) == null) {
                throw new IllegalArgumentException("COMMAND DOCS describes '" + name + "', which COMMAND INFO lacks");
            }
        }
        resp3.checkDescribes(specs);
        return table;
    }

    /**
     * COMMAND DOCS is a map of name to doc map (a flat array in RESP2); a container's doc map nests its subcommands'
     * the same way.
     */
    static void collectDocs(RespValue docMap, ByteBuf docs, Map<String, ByteBuf> byName) {
        if (docMap.kind() != RespValue.Kind.ARRAY && docMap.kind() != RespValue.Kind.MAP
                || docMap.items().size() % 2 != 0) {
            throw new IllegalArgumentException("COMMAND DOCS map is " + docMap.kind() + " of "
                    + docMap.items().size() + " items (expected: an array of name, doc pairs)");
        }
        for (int i = 0; i < docMap.items().size(); i += 2) {
            String name = docMap.get(i).text();
            RespValue doc = docMap.get(i + 1);
            if (byName.put(name, docs.slice(doc.start(), doc.end() - doc.start())) != null) {
                throw new IllegalArgumentException("COMMAND DOCS describes '" + name + "' twice");
            }
            RespValue subcommands = doc.field("subcommands");
            if (subcommands != null) {
                collectDocs(subcommands, docs, byName);
            }
        }
    }

    /** Never released and read-only, so every slice can be handed out and released any number of times. */
    static ByteBuf constant(byte[] bytes) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
    }

    /** The command named by argument 0, case-insensitively, without allocating; null if unknown. */
    public CommandSpec lookup(Args args) {
        if (args.count() == 0) {
            return null;
        }
        return commands.find(args.buffer(), args.offset(0), args.length(0));
    }

    /** By name, any case; {@code "config|get"} names a subcommand. For cold paths: it allocates. */
    public CommandSpec lookup(String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return commands.find(name);
        }
        CommandSpec container = commands.find(name.substring(0, bar));
        return container == null ? null : container.subcommand(name.substring(bar + 1));
    }

    /** Top-level commands, in the server's order. */
    public Collection<CommandSpec> all() {
        return commands.values();
    }

    /** Top-level commands, as {@code COMMAND COUNT} says. */
    public int size() {
        return commands.values().size();
    }

    /**
     * The whole COMMAND (or COMMAND INFO) reply in {@code protocol} (2 or 3). Read-only and never released: hand
     * out duplicates.
     */
    public ByteBuf allInfoReply(int protocol) {
        return protocol == 3 ? resp3.allInfo() : allInfo;
    }

    /** The whole COMMAND DOCS reply in {@code protocol}. Read-only and never released: hand out duplicates. */
    public ByteBuf allDocsReply(int protocol) {
        return protocol == 3 ? resp3.allDocs() : allDocs;
    }

    /** {@code spec}'s COMMAND INFO entry in {@code protocol}. Read-only and never released: hand out duplicates. */
    public ByteBuf infoReply(CommandSpec spec, int protocol) {
        return protocol == 3 ? resp3.info(spec.name()) : spec.infoReply();
    }

    /** {@code spec}'s COMMAND DOCS map in {@code protocol}. Read-only and never released: hand out duplicates. */
    public ByteBuf docsReply(CommandSpec spec, int protocol) {
        return protocol == 3 ? resp3.docs(spec.name()) : spec.docsReply();
    }
}
