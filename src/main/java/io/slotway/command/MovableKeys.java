package io.slotway.command;

import io.slotway.protocol.Args;

/**
 * The commands whose keys no key spec can locate, found the way Redis's own getkeys functions find them
 * (sortGetKeys, migrateGetKeys in db.c). Allocates nothing, like {@link KeyLocator}.
 */
final class MovableKeys {

    /** Not one of the commands this class knows. */
    static final int NOT_HANDLED = Integer.MIN_VALUE;

    private MovableKeys() {
    }

    /** Writes the key indexes of SORT, SORT_RO or MIGRATE into {@code out} (if not null) and returns their count. */
    static int locate(CommandSpec spec, Args args, int[] out) {
        return switch (spec.name()) {
            case "sort", "sort_ro" -> sort(args, out);
            case "migrate" -> migrate(args, out);
            default -> NOT_HANDLED;
        };
    }

    /**
     * SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [STORE destination]: the key, and the last
     * STORE's destination. The patterns are skipped as Redis skips them, so a pattern spelled "store" is no keyword.
     */
    private static int sort(Args args, int[] out) {
        int argc = args.count();
        if (argc < 2) {
            return KeyLocator.INVALID;
        }
        int store = 0;
        // Bounded: i only grows, and stops at argc.
        for (int i = 2; i < argc; i++) {
            if (args.equalsIgnoreCase(i, "LIMIT")) {
                i += 2;
            } else if (args.equalsIgnoreCase(i, "GET") || args.equalsIgnoreCase(i, "BY")) {
                i += 1;
            } else if (args.equalsIgnoreCase(i, "STORE") && i + 1 < argc) {
                store = i + 1;
            }
        }
        return write(out, 1, store);
    }

    /**
     * MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS key ...]: argument 3,
     * or every argument after KEYS when argument 3 is empty.
     */
    private static int migrate(Args args, int[] out) {
        int argc = args.count();
        if (argc < 6) {
            return KeyLocator.INVALID;
        }
        // Bounded: i only grows, and stops at argc.
        for (int i = 6; i < argc; i++) {
            if (args.equalsIgnoreCase(i, "AUTH")) {
                i += 1;
            } else if (args.equalsIgnoreCase(i, "AUTH2")) {
                i += 2;
            } else if (args.equalsIgnoreCase(i, "KEYS")) {
                if (args.length(3) > 0) {
                    return KeyLocator.INVALID;
                }
                int count = argc - (i + 1);
                if (out != null) {
                    if (count > out.length) {
                        return KeyLocator.SCRATCH_TOO_SMALL;
                    }
                    for (int k = 0; k < count; k++) {
                        out[k] = i + 1 + k;
                    }
                }
                return count;
            }
        }
        return write(out, 3, 0);
    }

    private static int write(int[] out, int first, int second) {
        int count = second == 0 ? 1 : 2;
        if (out != null) {
            if (out.length < count) {
                return KeyLocator.SCRATCH_TOO_SMALL;
            }
            out[0] = first;
            if (second != 0) {
                out[1] = second;
            }
        }
        return count;
    }
}
