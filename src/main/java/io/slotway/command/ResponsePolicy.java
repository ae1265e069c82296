package io.slotway.command;

import java.util.Arrays;
import java.util.Locale;

/** Redis 7's {@code response_policy} tip: how the replies of a fanned-out command combine into one. */
public enum ResponsePolicy {
    DEFAULT, ONE_SUCCEEDED, ALL_SUCCEEDED, AGG_LOGICAL_AND, AGG_LOGICAL_OR, AGG_MIN, AGG_MAX, AGG_SUM, SPECIAL;

    /** From the text after {@code response_policy:}; fails on a policy this build does not know. */
    static ResponsePolicy of(String reported) {
        for (ResponsePolicy policy : values()) {
            if (policy.name().equals(reported.toUpperCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown response_policy '" + reported + "' (expected one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ")");
    }
}
