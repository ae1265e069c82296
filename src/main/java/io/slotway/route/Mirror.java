package io.slotway.route;

import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.command.KeySpec;
import io.slotway.upstream.Upstream;

import java.util.concurrent.ThreadLocalRandom;

/** Where a route's commands are copied, which share of them, and whether only writes. */
public record Mirror(Upstream upstream, double fraction, boolean writesOnly) {

    /** Whether this run of {@code spec} is copied: a write (or any command unless writes only), drawn by share. */
    public boolean copies(CommandSpec spec) {
        return copies(writes(spec));
    }

    /**
     * Whether {@code spec} may write: flagged {@code write}, or with keys it may change (EVAL, EVALSHA and FCALL
     * carry no write flag, but their keys are RW), so a script's writes reach the mirror too.
     */
    public static boolean writes(CommandSpec spec) {
        if (spec.has(CommandFlag.WRITE)) {
            return true;
        }
        for (KeySpec key : spec.keySpecs()) {
            if (key.has(KeySpec.Flag.RW) || key.has(KeySpec.Flag.OW) || key.has(KeySpec.Flag.RM)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this run of something that writes ({@code writes}) or only reads is copied. */
    public boolean copies(boolean writes) {
        return (!writesOnly || writes) && (fraction >= 1 || ThreadLocalRandom.current().nextDouble() < fraction);
    }
}
