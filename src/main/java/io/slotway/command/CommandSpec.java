package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Args;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One command, or one subcommand (named {@code container|sub}), as the server's COMMAND reports it, plus the exact
 * bytes of its COMMAND INFO and COMMAND DOCS entries. Immutable and shared by every thread.
 */
public final class CommandSpec {

    private final String name;
    private final byte[] nameBytes;
    private final int arity;
    private final Set<CommandFlag> flags;
    private final int firstKey;
    private final int lastKey;
    private final int step;
    private final Set<String> aclCategories;
    private final List<String> tips;
    private final RequestPolicy requestPolicy;
    private final ResponsePolicy responsePolicy;
    private final boolean nondeterministicOutput;
    private final List<KeySpec> keySpecs;
    private final boolean keySpecsUnknown;
    private final NameIndex<CommandSpec> subcommands;
    private final ByteBuf infoReply;
    private final ByteBuf docsReply;

    CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int step,
                List<String> aclCategories, List<String> tips, List<KeySpec> keySpecs, List<CommandSpec> subcommands,
                ByteBuf infoReply, ByteBuf docsReply) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.arity = arity;
        this.flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class)
                : EnumSet.copyOf(flags));
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.step = step;
        this.aclCategories = Collections.unmodifiableSet(new LinkedHashSet<>(aclCategories));
        this.tips = List.copyOf(tips);
        RequestPolicy request = RequestPolicy.DEFAULT;
        ResponsePolicy response = ResponsePolicy.DEFAULT;
        boolean nondeterministic = false;
        for (String tip : tips) {
            if (tip.startsWith("request_policy:")) {
                request = RequestPolicy.of(tip.substring("request_policy:".length()));
            } else if (tip.startsWith("response_policy:")) {
                response = ResponsePolicy.of(tip.substring("response_policy:".length()));
            } else if (tip.equals("nondeterministic_output")) {
                nondeterministic = true;
            }
            // Other tips (nondeterministic_output_order, and any a later Redis adds) are advice a proxy can ignore.
        }
        this.requestPolicy = request;
        this.responsePolicy = response;
        this.nondeterministicOutput = nondeterministic;
        this.keySpecs = List.copyOf(keySpecs);
        boolean unknown = false;
        for (KeySpec spec : keySpecs) {
            unknown |= spec.isUnknown() && !spec.has(KeySpec.Flag.NOT_KEY);
        }
        this.keySpecsUnknown = unknown;
        // Subcommands are looked up by the part after the '|'.
        this.subcommands = subcommands.isEmpty() ? null
                : new NameIndex<>(subcommands, sub -> sub.name.substring(sub.name.indexOf('|') + 1));
        this.infoReply = infoReply;
        this.docsReply = docsReply;
    }

    /** Lower case; a subcommand is {@code container|sub}, e.g. {@code config|get}. */
    public String name() {
        return name;
    }

    /** The name's ASCII bytes, a fresh copy. */
    public byte[] nameBytes() {
        return nameBytes.clone();
    }

    /** Redis's arity: positive is the exact argument count, negative the minimum; the name counts. */
    public int arity() {
        return arity;
    }

    public boolean arityAccepts(int argCount) {
        return arity >= 0 ? argCount == arity : argCount >= -arity;
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    /** Read-only. */
    public Set<CommandFlag> flags() {
        return flags;
    }

    /** The legacy first key index (0: no keys); key specs say more, see {@link KeyLocator}. */
    public int firstKey() {
        return firstKey;
    }

    /** The legacy last key index; negative counts from the end of the arguments. */
    public int lastKey() {
        return lastKey;
    }

    public int step() {
        return step;
    }

    /** As reported, e.g. {@code @read}, {@code @string}, {@code @fast}; read-only. */
    public Set<String> aclCategories() {
        return aclCategories;
    }

    /** The raw tips, e.g. {@code request_policy:all_shards}, {@code nondeterministic_output_order}. */
    public List<String> tips() {
        return tips;
    }

    public RequestPolicy requestPolicy() {
        return requestPolicy;
    }

    public ResponsePolicy responsePolicy() {
        return responsePolicy;
    }

    /** The {@code nondeterministic_output} tip: two servers holding the same data may still answer differently. */
    public boolean nondeterministicOutput() {
        return nondeterministicOutput;
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    /** Some key spec (not counting NOT_KEY ones) cannot say where its keys are. */
    boolean keySpecsUnknown() {
        return keySpecsUnknown;
    }

    /** True for commands like CONFIG and CLIENT whose real command is argument 1. */
    public boolean isContainer() {
        return subcommands != null;
    }

    /** In the server's order; empty unless {@link #isContainer()}. */
    public List<CommandSpec> subcommands() {
        return subcommands == null ? List.of() : subcommands.values();
    }

    /** The subcommand named by argument 1, case-insensitively and without allocating; null if none. */
    public CommandSpec subcommand(Args args) {
        if (subcommands == null || args.count() < 2) {
            return null;
        }
        return subcommands.find(args.buffer(), args.offset(1), args.length(1));
    }

    /** By the part after the '|' ({@code "get"} for {@code config|get}); for cold paths. */
    CommandSpec subcommand(String sub) {
        return subcommands == null ? null : subcommands.find(sub);
    }

    /**
     * This command's entry of the COMMAND INFO reply, as the server sent it. Read-only and never released:
     * hand out {@code duplicate()} or {@code retainedDuplicate()}.
     */
    public ByteBuf infoReply() {
        return infoReply;
    }

    /**
     * This command's documentation map from the COMMAND DOCS reply (the value after its name), as the server sent
     * it. Read-only and never released: hand out {@code duplicate()} or {@code retainedDuplicate()}.
     */
    public ByteBuf docsReply() {
        return docsReply;
    }

    @Override
    public String toString() {
        return name;
    }
}
