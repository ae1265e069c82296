package io.slotway.route;

import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.upstream.Upstream;

import java.util.concurrent.ThreadLocalRandom;

/** Where a route's commands are copied, which share of them, and whether only writes. */
public record Mirror(Upstream upstream, double fraction, boolean writesOnly) {

    /** Whether this run of {@code spec} is copied: a write (or any command unless writes only), drawn by share. */
    public boolean copies(CommandSpec spec) {
        return copies(spec.has(CommandFlag.WRITE));
    }

    /** Whether this run of something that writes ({@code writes}) or only reads is copied. */
    public boolean copies(boolean writes) {
        return (!writesOnly || writes) && (fraction >= 1 || ThreadLocalRandom.current().nextDouble() < fraction);
    }
}
