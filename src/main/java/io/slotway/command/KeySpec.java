package io.slotway.command;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One key specification as Redis 7's COMMAND reports it: where the search for keys begins (an index, or just after
 * a keyword) and how keys are found from there (a range, or a count argument). {@link KeyLocator} applies it.
 *
 * @param beginType   INDEX, KEYWORD or UNKNOWN
 * @param index       for INDEX: the argument index of the first key
 * @param keyword     for KEYWORD: the keyword, upper case; keys begin right after it
 * @param startFrom   for KEYWORD: where the search starts; negative searches backwards from the end
 * @param findType    RANGE, KEYNUM or UNKNOWN
 * @param lastKey     for RANGE: the last key relative to the first; negative counts from the end of the arguments
 * @param keyStep     for RANGE and KEYNUM: the distance between keys (at least 1)
 * @param limit       for RANGE with lastKey -1: keys are only the first 1/limit of the remaining arguments; 0 is all
 * @param keyNumIndex for KEYNUM: the index of the argument holding the key count, relative to the first
 * @param firstKey    for KEYNUM: the first key, relative to the first
 * @param flags       how the command uses these keys, and whether the spec is complete
 */
public record KeySpec(BeginSearch beginType, int index, String keyword, int startFrom, FindKeys findType,
                      int lastKey, int keyStep, int limit, int keyNumIndex, int firstKey, Set<Flag> flags) {

    public enum BeginSearch { INDEX, KEYWORD, UNKNOWN }

    public enum FindKeys { RANGE, KEYNUM, UNKNOWN }

    /** Key spec flags as COMMAND reports them (RO, RW, OW, RM upper case, the rest lower case there). */
    public enum Flag {
        RO, RW, OW, RM, ACCESS, UPDATE, INSERT, DELETE, NOT_KEY, INCOMPLETE, VARIABLE_FLAGS;

        /** Fails on a flag this build does not know, so a regenerated table cannot silently lose a meaning. */
        static Flag of(String reported) {
            for (Flag flag : values()) {
                if (flag.name().equals(reported.toUpperCase(Locale.ROOT))) {
                    return flag;
                }
            }
            throw new IllegalArgumentException("unknown key spec flag '" + reported + "' (expected one of "
                    + Arrays.toString(values()) + ")");
        }
    }

    /** Checked once at load so that the locator's loops always advance and stay inside the arguments. */
    public KeySpec {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
        if (beginType == BeginSearch.INDEX && index < 1) {
            throw new IllegalArgumentException("begin_search index " + index + " (expected: >= 1)");
        }
        if (beginType == BeginSearch.KEYWORD && (keyword == null || keyword.isEmpty() || startFrom == 0
                || !keyword.equals(keyword.toUpperCase(Locale.ROOT)))) {
            throw new IllegalArgumentException("begin_search keyword '" + keyword + "' from " + startFrom
                    + " (expected: an upper-case keyword and startfrom != 0)");
        }
        if (findType != FindKeys.UNKNOWN && keyStep < 1) {
            throw new IllegalArgumentException("find_keys keystep " + keyStep + " (expected: >= 1)");
        }
        if (findType == FindKeys.RANGE && (limit < 0 || limit > 0 && lastKey != -1)) {
            throw new IllegalArgumentException("find_keys range lastkey " + lastKey + " limit " + limit
                    + " (expected: limit >= 0, and lastkey -1 when limit > 0)");
        }
        if (findType == FindKeys.KEYNUM && (keyNumIndex < 0 || firstKey < 0)) {
            throw new IllegalArgumentException("find_keys keynum keynumidx " + keyNumIndex + " firstkey " + firstKey
                    + " (expected: >= 0)");
        }
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** True when COMMAND cannot say where this spec's keys are (SORT's BY/GET patterns and STORE). */
    public boolean isUnknown() {
        return beginType == BeginSearch.UNKNOWN || findType == FindKeys.UNKNOWN;
    }
}
