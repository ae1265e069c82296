package io.slotway.command;

/**
 * How a multi-key command was split: for each part, the positions (0-based, in key order) of the keys it carries.
 * A fan-out to every shard has no keys: each part carries the whole command.
 */
public record SplitPlan(int totalKeys, int[][] keyPositions) {

    public static final SplitPlan WHOLE_COMMAND = new SplitPlan(0, new int[0][]);
}
