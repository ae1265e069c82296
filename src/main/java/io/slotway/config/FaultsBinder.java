package io.slotway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds {@code faults}; the shares that can fall on one command must add up to at most 1. */
final class FaultsBinder {

    private static final Duration MAX_DELAY = Duration.ofMinutes(10);
    /** What a fault without commands leaves alone, as Envoy does: a client must still log in and check liveness. */
    static final List<String> EXEMPT = List.of("auth", "ping");

    private FaultsBinder() {
    }

    static List<FaultConfig> bind(ConfigNode root) {
        List<FaultConfig> faults = new ArrayList<>();
        for (Map.Entry<String, JsonNode> item : root.list("faults", false, "faults")) {
            String path = item.getKey().substring(root.path().isEmpty() ? 0 : root.path().length() + 1);
            if (!item.getValue().isObject()) {
                root.problem(path, "expected a mapping with type, fraction, and delay or commands");
                continue;
            }
            FaultConfig fault = fault(root.child(path, item.getValue()));
            if (fault != null) {
                faults.add(fault);
            }
        }
        checkShares(root, faults);
        return List.copyOf(faults);
    }

    private static FaultConfig fault(ConfigNode node) {
        String typeName = node.string("type", true, "error or delay");
        FaultConfig.Type type = null;
        if (typeName != null) {
            try {
                type = FaultConfig.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                node.problem("type", "'" + typeName + "' (expected: error or delay)");
            }
        }
        double fraction = fraction(node, true);
        Duration delay = node.duration("delay", Duration.ZERO, Duration.ZERO, MAX_DELAY);
        if (type == FaultConfig.Type.DELAY && delay.isZero()) {
            node.problem("delay", "missing (expected: how long a delay fault holds the answer, e.g. 50ms)");
        } else if (type == FaultConfig.Type.ERROR && !delay.isZero()) {
            node.problem("delay", "set on an error fault (expected: only on type delay)");
        }
        List<String> commands = ConfigLoader.commandNames(node, "commands");
        node.finish();
        return type == null || fraction < 0 ? null : new FaultConfig(type, fraction, delay, commands);
    }

    /** {@code fraction}, 0 to 1; -1 when it is bad (reported), or missing and {@code required}; absent: 1. */
    static double fraction(ConfigNode node, boolean required) {
        String text = node.string("fraction", required, "a share of commands from 0 to 1, e.g. 0.1");
        if (text == null) {
            return required ? -1 : 1;
        }
        try {
            double fraction = Double.parseDouble(text);
            if (fraction >= 0 && fraction <= 1) {
                return fraction;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        node.problem("fraction", "'" + text + "' (expected: a number from 0 to 1)");
        return -1;
    }

    /** One draw picks at most one fault per command, so the shares that can fall on a command cannot exceed 1. */
    private static void checkShares(ConfigNode root, List<FaultConfig> faults) {
        double everyCommand = 0;
        Map<String, Double> byCommand = new HashMap<>();
        for (FaultConfig fault : faults) {
            if (fault.commands().isEmpty()) {
                everyCommand += fault.fraction();
            }
            for (String command : fault.commands()) {
                byCommand.merge(command, fault.fraction(), Double::sum);
            }
        }
        double worst = everyCommand;
        String worstCommand = "every command";
        for (Map.Entry<String, Double> entry : byCommand.entrySet()) {
            double share = entry.getValue() + (EXEMPT.contains(entry.getKey()) ? 0 : everyCommand);
            if (share > worst) {
                worst = share;
                worstCommand = entry.getKey();
            }
        }
        if (worst > 1 + 1e-9) {
            root.problem("faults", "fractions for " + worstCommand + " add up to " + worst + " (expected: at most 1)");
        }
    }
}
