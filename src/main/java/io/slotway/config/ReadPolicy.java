package io.slotway.config;

import java.util.Locale;

/** Where a cluster upstream sends read-only commands. */
public enum ReadPolicy {
    /** Always the shard's primary: reads see every acknowledged write. */
    PRIMARY,
    /** The primary; a replica only while the primary cannot be reached. */
    PREFER_PRIMARY,
    /** A replica (the primary when the shard has none); reads may lag writes. */
    REPLICA,
    /** A replica when there is one, otherwise the primary. */
    PREFER_REPLICA,
    /** Primary and replicas alike, spread by client. */
    ANY;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ReadPolicy parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
