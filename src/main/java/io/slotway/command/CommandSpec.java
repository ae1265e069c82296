package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Args;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One command (or subcommand, named {@code container|sub}) as the server's COMMAND reports it, plus the exact
 * bytes of its COMMAND INFO and COMMAND DOCS entries. Immutable.
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
    private final RequestPolicy requestPolicy;
    private final ResponsePolicy responsePolicy;
    private final boolean nondeterministicOutput;
    private final List<KeySpec> keySpecs;
    private final NameIndex<CommandSpec> subcommands;
    private final ByteBuf infoReply;
    private ByteBuf docsReply;

    CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int step,
                Set<String> aclCategories, RequestPolicy requestPolicy, ResponsePolicy responsePolicy,
                boolean nondeterministicOutput, List<KeySpec> keySpecs, List<CommandSpec> subcommands,
                ByteBuf infoReply) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.arity = arity;
        this.flags = flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags);
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.step = step;
        this.aclCategories = Set.copyOf(aclCategories);
        this.requestPolicy = requestPolicy;
        this.responsePolicy = responsePolicy;
        this.nondeterministicOutput = nondeterministicOutput;
        this.keySpecs = List.copyOf(keySpecs);
        // Subcommands are looked up by the part after the '|'.
        this.subcommands = subcommands.isEmpty() ? null
                : new NameIndex<>(subcommands, sub -> sub.name.substring(sub.name.indexOf('|') + 1));
        this.infoReply = infoReply;
    }

    public String name() {
        return name;
    }

    public byte[] nameBytes() {
        return nameBytes.clone();
    }

    public int arity() {
        return arity;
    }

    /** Redis's rule: a positive arity is exact, a negative one is a minimum; the name counts. */
    public boolean arityAccepts(int argCount) {
        return arity >= 0 ? argCount == arity : argCount >= -arity;
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    public Set<CommandFlag> flags() {
        return EnumSet.copyOf(flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : flags);
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int step() {
        return step;
    }

    public Set<String> aclCategories() {
        return aclCategories;
    }

    public RequestPolicy requestPolicy() {
        return requestPolicy;
    }

    public ResponsePolicy responsePolicy() {
        return responsePolicy;
    }

    public boolean nondeterministicOutput() {
        return nondeterministicOutput;
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    public boolean isContainer() {
        return subcommands != null;
    }

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

    CommandSpec subcommand(String sub) {
        return subcommands == null ? null : subcommands.find(sub);
    }

    /** This command's COMMAND INFO entry as the server sent it; read-only, use a duplicate. */
    public ByteBuf infoReply() {
        return infoReply;
    }

    /** This command's COMMAND DOCS entry (the map after its name); read-only, use a duplicate. */
    public ByteBuf docsReply() {
        return docsReply;
    }

    void docsReply(ByteBuf docs) {
        this.docsReply = docs;
    }

    @Override
    public String toString() {
        return name;
    }
}
