package io.slotway.command;

/** Redis 7's {@code response_policy} tip: how fanned-out replies combine. */
public enum ResponsePolicy {
    DEFAULT, ONE_SUCCEEDED, ALL_SUCCEEDED, AGG_LOGICAL_AND, AGG_LOGICAL_OR, AGG_MIN, AGG_MAX, AGG_SUM, SPECIAL
}
