package io.slotway.testing;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;

import java.util.ArrayList;
import java.util.List;

/** Which primary of a local cluster owns a key, and moving a key's slot to another primary, as resharding does. */
public final class ClusterMoves {

    private ClusterMoves() {
    }

    /** The primary that owns {@code key}'s slot now. */
    public static LocalRedis owner(LocalCluster cluster, String key) throws Exception {
        LocalRedis any = cluster.primaries().get(0);
        long slot = (Long) LocalCluster.call(any, "CLUSTER", "KEYSLOT", key);
        for (Object range : (List<?>) LocalCluster.call(any, "CLUSTER", "SLOTS")) {
            List<?> r = (List<?>) range;
            if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) {
                long port = (Long) ((List<?>) r.get(2)).get(1);
                return cluster.primaries().stream().filter(node -> node.port() == port).findFirst().orElseThrow();
            }
        }
        throw new AssertionError("no owner for " + key);
    }

    /** Another primary than {@code node}. */
    public static LocalRedis otherPrimary(LocalCluster cluster, LocalRedis node) {
        return cluster.primaries().stream().filter(primary -> primary != node).findFirst().orElseThrow();
    }

    public static String id(LocalRedis node) throws Exception {
        return String.valueOf(LocalCluster.call(node, "CLUSTER", "MYID"));
    }

    /** Moves {@code key}'s slot, with {@code key} itself if it exists, from {@code from} to {@code to}. */
    public static void moveSlot(LocalCluster cluster, String key, LocalRedis from, LocalRedis to) throws Exception {
        String slot = String.valueOf(LocalCluster.call(from, "CLUSTER", "KEYSLOT", key));
        boolean exists = ((Long) LocalCluster.call(from, "EXISTS", key)) > 0;
        LocalCluster.call(to, "CLUSTER", "SETSLOT", slot, "IMPORTING", id(from));
        LocalCluster.call(from, "CLUSTER", "SETSLOT", slot, "MIGRATING", id(to));
        if (exists) {
            LocalCluster.call(from, "MIGRATE", "127.0.0.1", Integer.toString(to.port()), key, "0", "5000");
        }
        // The new owner first, then the old one, then the rest, as redis-cli does: the new owner bumps its config
        // epoch as it takes the slot, so no node can hear the old owner's claim win over the new one's.
        List<LocalRedis> order = new ArrayList<>(List.of(to, from));
        cluster.primaries().stream().filter(node -> node != to && node != from).forEach(order::add);
        for (LocalRedis node : order) {
            LocalCluster.call(node, "CLUSTER", "SETSLOT", slot, "NODE", id(to));
        }
    }
}
