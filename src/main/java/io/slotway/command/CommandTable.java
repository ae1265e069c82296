package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.protocol.Args;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Every command the server knows, with what COMMAND reports about it, loaded once from the raw COMMAND INFO and
 * COMMAND DOCS replies of a real Redis 7.0 (see {@code CommandTableGenerator} in the tests). Read-only and shared.
 */
public final class CommandTable {

    static final String INFO_RESOURCE = "command-info.resp";
    static final String DOCS_RESOURCE = "command-docs.resp";

    private static volatile CommandTable standard;

    private final NameIndex<CommandSpec> commands;
    private final ByteBuf allInfo;
    private final ByteBuf allDocs;

    private CommandTable(List<CommandSpec> commands, ByteBuf allInfo, ByteBuf allDocs) {
        this.commands = new NameIndex<>(commands, CommandSpec::name);
        this.allInfo = allInfo;
        this.allDocs = allDocs;
    }

    /** The table generated from Redis 7.0, loaded on first use. */
    public static CommandTable standard() {
        CommandTable table = standard;
        if (table == null) {
            synchronized (CommandTable.class) {
                table = standard;
                if (table == null) {
                    table = load(resource(INFO_RESOURCE), resource(DOCS_RESOURCE));
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
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a table from the raw replies of {@code COMMAND INFO} and {@code COMMAND DOCS}. */
    static CommandTable load(byte[] infoReply, byte[] docsReply) {
        ByteBuf info = constant(infoReply);
        ByteBuf docs = constant(docsReply);
        List<CommandSpec> specs = new ArrayList<>();
        for (RespNode entry : RespNode.parse(infoReply).items) {
            specs.add(CommandSpecParser.parse(entry, info));
        }
        CommandTable table = new CommandTable(specs, info, docs);
        RespNode docsRoot = RespNode.parse(docsReply);
        for (int i = 0; i + 1 < docsRoot.items.size(); i += 2) {
            CommandSpec spec = table.lookup(docsRoot.get(i).text);
            if (spec != null) {
                attachDocs(spec, docsRoot.get(i + 1), docs);
            }
        }
        return table;
    }

    private static void attachDocs(CommandSpec spec, RespNode docMap, ByteBuf docs) {
        spec.docsReply(slice(docs, docMap));
        RespNode subs = docMap.field("subcommands");
        if (subs == null) {
            return;
        }
        for (int i = 0; i + 1 < subs.items.size(); i += 2) {
            String name = subs.get(i).text;
            CommandSpec sub = spec.subcommand(name.substring(name.indexOf('|') + 1));
            if (sub != null) {
                attachDocs(sub, subs.get(i + 1), docs);
            }
        }
    }

    static ByteBuf slice(ByteBuf source, RespNode node) {
        return source.slice(node.start, node.end - node.start);
    }

    private static ByteBuf constant(byte[] bytes) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes)).asReadOnly();
    }

    /** The command named by argument 0, case-insensitively, without allocating; null if unknown. */
    public CommandSpec lookup(Args args) {
        if (args.count() == 0) {
            return null;
        }
        return commands.find(args.buffer(), args.offset(0), args.length(0));
    }

    /** By name; {@code "config|get"} names a subcommand. For cold paths. */
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

    public int size() {
        return commands.values().size();
    }

    /** The whole COMMAND reply; read-only, use a duplicate. */
    public ByteBuf allInfoReply() {
        return allInfo;
    }

    /** The whole COMMAND DOCS reply; read-only, use a duplicate. */
    public ByteBuf allDocsReply() {
        return allDocs;
    }
}
