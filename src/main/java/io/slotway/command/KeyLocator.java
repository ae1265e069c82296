package io.slotway.command;

import io.slotway.protocol.Args;

import java.util.List;

/**
 * Finds which arguments of a command are keys from its key specifications, the way Redis's getKeysUsingKeySpecs
 * does: a search begins at an index or just after a keyword, then keys are a range (its end counted from the
 * start, from the end of the arguments, or as a fraction of what remains) or a list counted by a numkeys argument.
 * Specs marked NOT_KEY (the channels of SPUBLISH and SSUBSCRIBE) are skipped, as COMMAND GETKEYS skips them.
 *
 * <p>Where the specs cannot say (SORT's unknown specs; MIGRATE's incomplete KEYS spec once KEYS is present), a
 * command without MOVABLEKEYS falls back to the legacy first/last/step; SORT, SORT_RO and MIGRATE are parsed as
 * Redis's own getkeys functions parse them ({@link MovableKeys}); any other gets {@link #UNKNOWN}.
 *
 * <p>Allocates nothing: key indexes go into the caller's scratch array, in spec order.
 */
public final class KeyLocator {

    /** The scratch array is shorter than the number of keys ({@code args.count()} slots hold them all in 7.0). */
    public static final int SCRATCH_TOO_SMALL = -1;
    /**
     * The arguments do not fit the key specs: numkeys is not a non-negative integer, or counts keys past the end,
     * or a key index lies past the end. Redis rejects such a command itself, whichever node gets it.
     */
    public static final int INVALID = -2;
    /**
     * The key specs cannot locate this command's keys (they are unknown, or incomplete and matched), and the
     * command has movable keys: only command-specific parsing could find them, so routing by key is unsafe.
     */
    public static final int UNKNOWN = -3;

    private KeyLocator() {
    }

    /**
     * Writes the argument index of every key into {@code out}. A container (OBJECT, XINFO, ...) is resolved to
     * the subcommand argument 1 names first; an unknown subcommand has no keys.
     *
     * @return how many keys (0 for a keyless command), or {@link #SCRATCH_TOO_SMALL}, {@link #INVALID},
     *         {@link #UNKNOWN}
     */
    public static int locate(CommandSpec spec, Args args, int[] out) {
        return find(spec, args, out);
    }

    /** Like {@link #locate} without writing the indexes; never returns {@link #SCRATCH_TOO_SMALL}. */
    public static int keyCount(CommandSpec spec, Args args) {
        return find(spec, args, null);
    }

    private static int find(CommandSpec spec, Args args, int[] out) {
        if (spec.isContainer()) {
            spec = spec.subcommand(args);
            if (spec == null) {
                return 0;
            }
        }
        if (spec.keySpecsUnknown()) {
            return fallback(spec, args, out);
        }
        int argc = args.count();
        int count = 0;
        List<KeySpec> specs = spec.keySpecs();
        // Indexed loop: an iterator would allocate.
        for (int s = 0; s < specs.size(); s++) {
            KeySpec keySpec = specs.get(s);
            if (keySpec.has(KeySpec.Flag.NOT_KEY)) {
                continue;
            }
            int first = keySpec.beginType() == KeySpec.BeginSearch.INDEX ? keySpec.index()
                    : afterKeyword(keySpec, args, argc);
            if (first == 0) {
                // The keyword is absent: this spec names no keys here (XREAD without STREAMS is Redis's to reject).
                continue;
            }
            int step = keySpec.keyStep();
            int last;
            if (keySpec.findType() == KeySpec.FindKeys.RANGE) {
                if (keySpec.lastKey() >= 0) {
                    last = first + keySpec.lastKey();
                } else if (keySpec.limit() == 0) {
                    last = argc + keySpec.lastKey();
                } else {
                    // XREAD ... STREAMS k1 k2 id1 id2: the keys are the first half of what follows the keyword.
                    last = first + (argc - first) / keySpec.limit() + keySpec.lastKey();
                }
            } else {
                int numkeysIndex = first + keySpec.keyNumIndex();
                if (numkeysIndex >= argc) {
                    return INVALID;
                }
                long numkeys = args.parseLong(numkeysIndex, -1);
                if (numkeys < 0 || numkeys > argc) {
                    return INVALID;
                }
                if (numkeys == 0) {
                    // EVAL script 0: no keys. Redis's specs call this invalid, but its fallback finds none either.
                    continue;
                }
                first += keySpec.firstKey();
                last = first + ((int) numkeys - 1) * step;
            }
            if (first >= argc || last >= argc || last < first) {
                return INVALID;
            }
            // Bounded: i grows by step >= 1 (checked at load) up to last < argc.
            for (int i = first; i <= last; i += step) {
                if (out != null) {
                    if (count == out.length) {
                        return SCRATCH_TOO_SMALL;
                    }
                    out[count] = i;
                }
                count++;
            }
            if (keySpec.has(KeySpec.Flag.INCOMPLETE)) {
                // There may be keys this spec did not find (MIGRATE's KEYS could also be an AUTH password).
                return fallback(spec, args, out);
            }
        }
        return count;
    }

    /** Where Redis would call the command's own getkeys: legacy positions if complete, else the command's parser. */
    private static int fallback(CommandSpec spec, Args args, int[] out) {
        if (spec.has(CommandFlag.MOVABLEKEYS)) {
            int found = MovableKeys.locate(spec, args, out);
            return found == MovableKeys.NOT_HANDLED ? UNKNOWN : found;
        }
        int first = spec.firstKey();
        if (first == 0) {
            return 0;
        }
        int argc = args.count();
        int last = spec.lastKey() >= 0 ? spec.lastKey() : argc + spec.lastKey();
        if (first >= argc || last >= argc || last < first) {
            return INVALID;
        }
        int count = 0;
        // Bounded: step >= 1 whenever firstKey > 0 (checked at load), and last < argc.
        for (int i = first; i <= last; i += spec.step()) {
            if (out != null) {
                if (count == out.length) {
                    return SCRATCH_TOO_SMALL;
                }
                out[count] = i;
            }
            count++;
        }
        return count;
    }

    /**
     * The index just after the spec's keyword, or 0 if it is absent. Like Redis: a forward search stops before the
     * last argument; a backward one (negative startfrom) stops before argument 1, and finding the keyword last
     * leaves its keys past the end, which the caller reports as invalid.
     */
    private static int afterKeyword(KeySpec keySpec, Args args, int argc) {
        String keyword = keySpec.keyword();
        int startFrom = keySpec.startFrom();
        if (startFrom > 0) {
            // Bounded by the argument count.
            for (int i = startFrom; i < argc - 1; i++) {
                if (args.equalsIgnoreCase(i, keyword)) {
                    return i + 1;
                }
            }
        } else {
            for (int i = argc + startFrom; i > 1; i--) {
                if (args.equalsIgnoreCase(i, keyword)) {
                    return i + 1;
                }
            }
        }
        return 0;
    }
}
