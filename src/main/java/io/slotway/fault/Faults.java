package io.slotway.fault;

import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.config.FaultConfig;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The configured faults, as Envoy's RedisFault applies them: for each command one uniform draw over the shares of
 * the faults that apply to it, in config order, picks at most one. A fault without commands applies to every
 * command but AUTH and PING; one naming a command applies to its subcommands too. Immutable; one per config
 * generation, shared by every event loop.
 */
public final class Faults {

    /** Envoy's text, which drills and alerts built on it expect. */
    public static final String ERROR = "ERR Fault Injected: Error";

    private static final FaultConfig[] NONE = new FaultConfig[0];

    /** Per table entry (command or subcommand), the faults that may fall on it; absent: none. */
    private final Map<CommandSpec, FaultConfig[]> byEntry = new IdentityHashMap<>();

    public Faults(List<FaultConfig> faults, CommandTable table) {
        if (faults.isEmpty()) {
            return;
        }
        for (CommandSpec spec : table.all()) {
            register(spec, spec.name(), faults);
            for (CommandSpec sub : spec.subcommands()) {
                register(sub, spec.name(), faults);
            }
        }
    }

    private void register(CommandSpec entry, String container, List<FaultConfig> faults) {
        List<FaultConfig> applying = new ArrayList<>();
        for (FaultConfig fault : faults) {
            boolean named = fault.commands().contains(entry.name()) || fault.commands().contains(container);
            boolean general = fault.commands().isEmpty() && !container.equals("auth") && !container.equals("ping");
            if (named || general) {
                applying.add(fault);
            }
        }
        if (!applying.isEmpty()) {
            byEntry.put(entry, applying.toArray(NONE));
        }
    }

    /** The fault that falls on this run of {@code entry}, or null; allocates nothing. */
    public FaultConfig pick(CommandSpec entry) {
        if (byEntry.isEmpty()) {
            return null;
        }
        FaultConfig[] applying = byEntry.get(entry);
        if (applying == null) {
            return null;
        }
        double draw = ThreadLocalRandom.current().nextDouble();
        double share = 0;
        for (FaultConfig fault : applying) {
            share += fault.fraction();
            if (draw < share) {
                return fault;
            }
        }
        return null;
    }
}
