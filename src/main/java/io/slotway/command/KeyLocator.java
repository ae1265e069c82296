package io.slotway.command;

import io.slotway.protocol.Args;

import java.util.List;

/**
 * Finds which arguments of a command are keys, from its key specifications, the way Redis's
 * getKeysUsingKeySpecs does: a search begins at an index or after a keyword, then keys are a range or a counted
 * list. Allocates nothing: key indexes go into the caller's scratch array.
 */
public final class KeyLocator {

    /** The arguments do not fit the command's key specs (a bad numkeys, keys past the end). */
    public static final int INVALID = -1;
    /** The scratch array is too small for all the keys. */
    public static final int TOO_MANY = -2;

    private KeyLocator() {
    }

    /**
     * Writes the argument index of every key, in order, into {@code out}.
     *
     * @return how many keys, or {@link #INVALID} / {@link #TOO_MANY}
     */
    public static int locate(CommandSpec spec, Args args, int[] out) {
        List<KeySpec> specs = spec.keySpecs();
        int argc = args.count();
        int count = 0;
        for (int s = 0; s < specs.size(); s++) {
            KeySpec keySpec = specs.get(s);
            int first = begin(keySpec, args, argc);
            if (first == 0) {
                // Keyword absent or search unknown: this spec names no keys here (e.g. SORT without STORE).
                continue;
            }
            int last;
            int step;
            switch (keySpec.findType()) {
                case RANGE -> {
                    step = keySpec.keyStep();
                    if (keySpec.lastKey() >= 0) {
                        last = first + keySpec.lastKey();
                    } else if (keySpec.limit() <= 1) {
                        last = argc + keySpec.lastKey();
                    } else {
                        last = first + ((argc - first) / keySpec.limit() + keySpec.lastKey());
                    }
                }
                case KEYNUM -> {
                    int numkeysIndex = first + keySpec.keyNumIndex();
                    if (numkeysIndex >= argc) {
                        return INVALID;
                    }
                    long numkeys = args.parseLong(numkeysIndex, -1);
                    if (numkeys < 0 || numkeys > argc) {
                        return INVALID;
                    }
                    if (numkeys == 0) {
                        continue;
                    }
                    step = keySpec.keyStep();
                    first += keySpec.firstKey();
                    last = first + ((int) numkeys - 1) * step;
                }
                default -> {
                    continue;
                }
            }
            if (first >= argc || last >= argc || last < first || step <= 0) {
                return INVALID;
            }
            // Bounded by the argument count: i only grows, by step >= 1, up to last < argc.
            for (int i = first; i <= last; i += step) {
                if (count == out.length) {
                    return TOO_MANY;
                }
                out[count++] = i;
            }
        }
        return count;
    }

    /** The first index the spec's search finds, or 0 when it finds none. */
    private static int begin(KeySpec keySpec, Args args, int argc) {
        switch (keySpec.beginType()) {
            case INDEX:
                return keySpec.index();
            case KEYWORD: {
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
                    for (int i = argc + startFrom; i > 0; i--) {
                        if (i < argc - 1 && args.equalsIgnoreCase(i, keyword)) {
                            return i + 1;
                        }
                    }
                }
                return 0;
            }
            default:
                return 0;
        }
    }
}
