package io.slotway.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.command.CommandSpec;
import io.slotway.command.SplitPlan;
import io.slotway.protocol.ArrayFrame;
import io.slotway.protocol.FrameBlock;
import io.slotway.protocol.Request;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A multi-key command cut into one command per key group: per shard for sharded upstreams, per hash slot in
 * Redis Cluster (which refuses multi-key commands across slots); never per key. Each part re-frames the client's own
 * bytes (a new array header, the command name, each key with the arguments it owns, e.g. MSET's value) through
 * {@link ArrayFrame}: nothing is re-encoded.
 */
record Split(Upstream[] upstreams, UpstreamNode[] nodes, ByteBuf[] frames, SplitPlan plan) {

    /** Which keys go together, and where each group goes. */
    interface Grouping {

        /** The group of the key at argument {@code argument}, the {@code keyNumber}th key; never negative. */
        int groupOf(Request request, int keyNumber, int argument);

        Upstream upstream(int group);

        UpstreamNode node(int group);
    }

    /** Groups of one upstream's topology; {@code target} picks the node of each shard, as the read policy says. */
    static Grouping byTopology(Upstream upstream, Topology topology, Function<Shard, UpstreamNode> target) {
        return new Grouping() {
            @Override
            public int groupOf(Request request, int keyNumber, int argument) {
                return topology.groupFor(request.buffer(), request.offset(argument), request.length(argument));
            }

            @Override
            public Upstream upstream(int group) {
                return upstream;
            }

            @Override
            public UpstreamNode node(int group) {
                return target.apply(topology.shardOfGroup(group));
            }
        };
    }

    static Split byGroup(ByteBufAllocator alloc, Request request, CommandSpec spec, Grouping grouping, int[] keys,
                         int count) {
        int step = Math.max(1, spec.keySpecs().get(0).keyStep());
        long[] byGroup = keysByGroup(request, grouping, keys, count);
        int parts = countGroups(byGroup);
        Upstream[] upstreams = new Upstream[parts];
        UpstreamNode[] nodes = new UpstreamNode[parts];
        ByteBuf[] frames = new ByteBuf[parts];
        int[][] positions = new int[parts][];
        int[] groups = new int[parts];
        long[] payloads = new long[parts];
        // What precedes the command's first key (its name), not the first key given: a mirror's share of a split
        // across routes starts at a later key.
        int prefixEnd = spec.firstKey() - 1;
        long total = 0;
        int first = 0;
        for (int part = 0; part < parts; part++) {
            int group = group(byGroup[first]);
            int last = first;
            while (last + 1 < count && group(byGroup[last + 1]) == group) {
                last++;
            }
            int[] keyNumbers = new int[last - first + 1];
            long payload = regionBytes(request, 0, prefixEnd);
            for (int i = 0; i < keyNumbers.length; i++) {
                keyNumbers[i] = keyNumber(byGroup[first + i]);
                int key = keys[keyNumbers[i]];
                payload += regionBytes(request, key, key + step - 1);
            }
            groups[part] = group;
            positions[part] = keyNumbers;
            payloads[part] = payload;
            total += payload;
            first = last + 1;
        }
        try (FrameBlock block = FrameBlock.open(alloc, total, parts)) {
            for (int part = 0; part < parts; part++) {
                int[] keyNumbers = positions[part];
                upstreams[part] = grouping.upstream(groups[part]);
                nodes[part] = grouping.node(groups[part]);
                ByteBuf frame = block.start(prefixEnd + 1 + (long) keyNumbers.length * step, payloads[part],
                        keyNumbers.length + 1);
                appendRegion(frame, request, 0, prefixEnd);
                for (int keyNumber : keyNumbers) {
                    appendRegion(frame, request, keys[keyNumber], keys[keyNumber] + step - 1);
                }
                frames[part] = block.finish(frame);
            }
        } catch (RuntimeException e) {
            // A part's frame already handed out would pin the whole block.
            for (ByteBuf frame : frames) {
                if (frame != null) {
                    frame.release();
                }
            }
            throw e;
        }
        return new Split(upstreams, nodes, frames, new SplitPlan(count, positions));
    }

    /**
     * Each key's group in the high half, its number in the low half, sorted: keys of one group end up adjacent and
     * in the client's order, with no boxing and O(n log n) even for a cluster MGET of thousands of slots.
     */
    private static long[] keysByGroup(Request request, Grouping grouping, int[] keys, int count) {
        long[] byGroup = new long[count];
        for (int k = 0; k < count; k++) {
            long group = grouping.groupOf(request, k, keys[k]);
            byGroup[k] = group << 32 | k;
        }
        Arrays.sort(byGroup);
        return byGroup;
    }

    private static int countGroups(long[] byGroup) {
        int groups = 1;
        for (int i = 1; i < byGroup.length; i++) {
            if (group(byGroup[i]) != group(byGroup[i - 1])) {
                groups++;
            }
        }
        return groups;
    }

    private static int group(long entry) {
        return (int) (entry >>> 32);
    }

    private static int keyNumber(long entry) {
        return (int) entry;
    }

    /** The RESP bytes of arguments {@code from..to}, bulk headers included. */
    private static void appendRegion(ByteBuf frame, Request request, int from, int to) {
        int start = regionStart(request, from);
        ArrayFrame.append(frame, request.frame(), start, regionEnd(request, to) - start);
    }

    private static int regionBytes(Request request, int from, int to) {
        return regionEnd(request, to) - regionStart(request, from);
    }

    private static int regionStart(Request request, int argument) {
        return request.offset(argument) - bulkHeaderLength(request.length(argument));
    }

    private static int regionEnd(Request request, int argument) {
        return request.offset(argument) + request.length(argument) + 2;
    }

    /** {@code $<length>\r\n}: the decoder accepts only this canonical form, so the length's digits say its size. */
    private static int bulkHeaderLength(int length) {
        return 3 + decimalDigits(length);
    }

    private static int decimalDigits(int value) {
        int digits = 1;
        // Bounded: at most 10 digits in an int.
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }
}
