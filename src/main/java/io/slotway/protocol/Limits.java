package io.slotway.protocol;

/** Bounds a client cannot exceed in one request. */
public record Limits(int maxBulkLength, int maxArrayLength, int maxInlineLength) {

    public static final int REDIS_MAX_BULK = 512 * 1024 * 1024;

    public static Limits defaults() {
        return new Limits(REDIS_MAX_BULK, 1024 * 1024, 64 * 1024);
    }
}
