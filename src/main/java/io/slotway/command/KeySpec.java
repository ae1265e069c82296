package io.slotway.command;

import java.util.Set;

/**
 * One key specification as COMMAND reports it: where the search for keys begins (an index, or after a keyword)
 * and how keys are found from there (a range, or a count argument).
 *
 * @param beginType   INDEX, KEYWORD or UNKNOWN
 * @param index       for INDEX: the argument index
 * @param keyword     for KEYWORD: the keyword, upper case
 * @param startFrom   for KEYWORD: where to start searching; negative counts from the end
 * @param findType    RANGE, KEYNUM or UNKNOWN
 * @param lastKey     for RANGE: last key relative to the first; negative counts from the end of the arguments
 * @param keyStep     for RANGE and KEYNUM: distance between keys
 * @param limit       for RANGE with negative lastKey: the fraction of remaining arguments that are keys
 * @param keyNumIndex for KEYNUM: the count argument, relative to the first
 * @param firstKey    for KEYNUM: the first key, relative to the first
 * @param flags       RW, RO, OW, RM, ACCESS, UPDATE, INSERT, DELETE, NOT_KEY, INCOMPLETE, VARIABLE_FLAGS
 */
public record KeySpec(BeginSearch beginType, int index, String keyword, int startFrom, FindKeys findType,
                      int lastKey, int keyStep, int limit, int keyNumIndex, int firstKey, Set<String> flags) {

    public enum BeginSearch { INDEX, KEYWORD, UNKNOWN }

    public enum FindKeys { RANGE, KEYNUM, UNKNOWN }

    public KeySpec {
        flags = Set.copyOf(flags);
    }
}
