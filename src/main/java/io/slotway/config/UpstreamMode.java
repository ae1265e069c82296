package io.slotway.config;

import java.util.Locale;

/** How an upstream's nodes hold keys; always chosen explicitly in the config. */
public enum UpstreamMode {
    STANDALONE,
    SHARDED,
    CLUSTER;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
