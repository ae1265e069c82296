package io.slotway.upstream.cluster;

import io.netty.buffer.ByteBuf;
import io.slotway.config.HostAndPort;
import io.slotway.keyspace.ClusterSlots;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.UpstreamNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One immutable snapshot of a cluster's slot map: slot to shard, shard to primary and replicas. The shard list is
 * exactly the cluster's distinct primaries. A refresh builds a new table and swaps it in whole.
 */
public final class SlotTable implements Topology {

    private final Shard[] bySlot;
    private final List<Shard> shards;
    private final int assigned;

    private SlotTable(Shard[] bySlot, List<Shard> shards, int assigned) {
        this.bySlot = bySlot;
        this.shards = List.copyOf(shards);
        this.assigned = assigned;
    }

    /** Before the first successful read of the slot map: every slot on one seed, which will redirect. */
    static SlotTable seedOnly(UpstreamNode seed) {
        Shard shard = new Shard(0, seed, List.of());
        Shard[] bySlot = new Shard[ClusterSlots.SLOT_COUNT];
        Arrays.fill(bySlot, shard);
        return new SlotTable(bySlot, List.of(shard), 0);
    }

    /**
     * Builds the table from a {@code CLUSTER SLOTS} reply: {@code [[start, end, [host, port, id], [replica]...]...]}.
     * An empty host means "the node you asked".
     */
    static SlotTable fromClusterSlots(List<?> reply, HostAndPort asked, Function<HostAndPort, UpstreamNode> nodes) {
        Shard[] bySlot = new Shard[ClusterSlots.SLOT_COUNT];
        Map<HostAndPort, Shard> byPrimary = new LinkedHashMap<>();
        int assigned = 0;
        for (Object item : reply) {
            List<?> range = (List<?>) item;
            int start = ((Long) range.get(0)).intValue();
            int end = ((Long) range.get(1)).intValue();
            HostAndPort primary = address((List<?>) range.get(2), asked);
            Shard shard = byPrimary.get(primary);
            if (shard == null) {
                List<UpstreamNode> replicas = new ArrayList<>();
                for (int r = 3; r < range.size(); r++) {
                    replicas.add(nodes.apply(address((List<?>) range.get(r), asked)));
                }
                shard = new Shard(byPrimary.size(), nodes.apply(primary), replicas);
                byPrimary.put(primary, shard);
            }
            for (int slot = start; slot <= end && slot < ClusterSlots.SLOT_COUNT; slot++) {
                if (bySlot[slot] == null) {
                    assigned++;
                }
                bySlot[slot] = shard;
            }
        }
        if (byPrimary.isEmpty()) {
            throw new IllegalArgumentException("CLUSTER SLOTS names no slots");
        }
        return new SlotTable(bySlot, new ArrayList<>(byPrimary.values()), assigned);
    }

    private static HostAndPort address(List<?> node, HostAndPort asked) {
        String host = String.valueOf(node.get(0));
        int port = ((Long) node.get(1)).intValue();
        return new HostAndPort(host.isEmpty() || host.equals("?") ? asked.host() : host, port);
    }

    @Override
    public List<Shard> shards() {
        return shards;
    }

    @Override
    public int groupFor(ByteBuf key, int offset, int length) {
        return ClusterSlots.slot(key, offset, length);
    }

    /** A group is a hash slot, and Redis refuses multi-key commands across slots even on one node. */
    @Override
    public boolean singleGroup() {
        return false;
    }

    /** The slot's owner; an unassigned slot goes to the first shard, whose error tells the client why. */
    @Override
    public Shard shardOfGroup(int slot) {
        Shard shard = bySlot[slot];
        return shard == null ? shards.get(0) : shard;
    }

    public int assignedSlots() {
        return assigned;
    }

    /** Same primaries owning the same slots, and the same replicas: nothing to swap. */
    boolean sameAs(SlotTable other) {
        if (other.shards.size() != shards.size() || other.assigned != assigned) {
            return false;
        }
        for (int slot = 0; slot < bySlot.length; slot++) {
            Shard mine = bySlot[slot];
            Shard theirs = other.bySlot[slot];
            if (mine == null || theirs == null ? mine != theirs
                    : mine.primary() != theirs.primary() || !mine.replicas().equals(theirs.replicas())) {
                return false;
            }
        }
        return true;
    }

    /** Slot ranges per shard, for reports: {@code [[start, end], ...]} in shard order. */
    public List<List<int[]>> rangesByShard() {
        List<List<int[]>> ranges = new ArrayList<>();
        shards.forEach(shard -> ranges.add(new ArrayList<>()));
        int slot = 0;
        while (slot < bySlot.length) {
            Shard shard = bySlot[slot];
            int start = slot;
            while (slot < bySlot.length && bySlot[slot] == shard) {
                slot++;
            }
            if (shard != null) {
                ranges.get(shard.index()).add(new int[] {start, slot - 1});
            }
        }
        return ranges;
    }
}
