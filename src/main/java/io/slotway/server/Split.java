package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.slotway.command.CommandSpec;
import io.slotway.command.SplitPlan;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.UpstreamNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A multi-key command cut into one command per key group: per shard for sharded upstreams, per hash slot in
 * Redis Cluster (which refuses multi-key commands across slots); never per key. Each part re-frames the client's own bytes:
 * a new array header, then retained slices of the command name and of each key with the arguments it owns
 * (MSET: key and value). Nothing is copied.
 */
record Split(UpstreamNode[] nodes, ByteBuf[] frames, SplitPlan plan) {

    /** {@code target} picks the node of each shard that serves the part, as the read policy says. */
    static Split byShard(ByteBufAllocator alloc, Request request, CommandSpec spec, Topology topology,
                         Function<Shard, UpstreamNode> target, int[] keys, int count) {
        int step = Math.max(1, spec.keySpecs().get(0).keyStep());
        Map<Integer, List<Integer>> byGroup = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int group = topology.groupFor(request.buffer(), request.offset(keys[k]), request.length(keys[k]));
            byGroup.computeIfAbsent(group, g -> {
                order.add(g);
                return new ArrayList<>();
            }).add(k);
        }
        UpstreamNode[] nodes = new UpstreamNode[order.size()];
        ByteBuf[] frames = new ByteBuf[order.size()];
        int[][] positions = new int[order.size()][];
        int prefixEnd = keys[0] - 1;
        for (int part = 0; part < order.size(); part++) {
            List<Integer> keyNumbers = byGroup.get(order.get(part));
            nodes[part] = target.apply(topology.shardOfGroup(order.get(part)));
            positions[part] = keyNumbers.stream().mapToInt(Integer::intValue).toArray();
            CompositeByteBuf frame = alloc.compositeBuffer(2 + keyNumbers.size());
            ByteBuf header = alloc.buffer(16);
            RespWriter.writeArrayHeader(header, prefixEnd + 1 + (long) keyNumbers.size() * step);
            frame.addComponent(true, header);
            frame.addComponent(true, region(request, 0, prefixEnd));
            for (int keyNumber : keyNumbers) {
                int first = keys[keyNumber];
                frame.addComponent(true, region(request, first, first + step - 1));
            }
            frames[part] = frame;
        }
        return new Split(nodes, frames, new SplitPlan(count, positions));
    }

    /** Retained slice of the RESP bytes of arguments {@code from..to}, bulk headers included. */
    private static ByteBuf region(Request request, int from, int to) {
        int start = request.offset(from) - bulkHeaderLength(request.length(from));
        int end = request.offset(to) + request.length(to) + 2;
        return request.frame().retainedSlice(start, end - start);
    }

    private static int bulkHeaderLength(int length) {
        return 3 + Integer.toString(length).length();
    }
}
