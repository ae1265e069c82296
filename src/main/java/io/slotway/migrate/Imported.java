package io.slotway.migrate;

import java.util.List;

/**
 * What an import produced: one Slotway config per listener (Slotway listens on one address), and each setting of the
 * source that could not be carried over, with the reason.
 */
public record Imported(List<Config> configs, List<String> notCarried) {

    /** A config named for the listener it came from (a twemproxy pool, an Envoy listener). */
    public record Config(String name, String yaml) {
    }

    public Imported {
        configs = List.copyOf(configs);
        notCarried = List.copyOf(notCarried);
    }
}
