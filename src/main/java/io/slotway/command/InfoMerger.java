package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.protocol.Replies;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * INFO across shards: a {@code # Slotway} section describing the proxy and its upstream, then the first shard's
 * sections as they are, except {@code # Keyspace}, which sums every shard's keys and expires per database.
 */
public final class InfoMerger implements ReplyMerger {

    private final String slotwaySection;

    public InfoMerger(String upstream, String mode, int shards) {
        String version = InfoMerger.class.getPackage().getImplementationVersion();
        this.slotwaySection = "# Slotway\r\nslotway_version:" + (version == null ? "dev" : version)
                + "\r\nslotway_upstream:" + upstream + "\r\nslotway_mode:" + mode + "\r\nslotway_shards:" + shards
                + "\r\n";
    }

    @Override
    public ByteBuf merge(ByteBufAllocator alloc, ByteBuf[] replies, SplitPlan plan) {
        Map<String, long[]> keyspace = new LinkedHashMap<>();
        boolean keyspaceAsked = false;
        StringBuilder out = new StringBuilder(slotwaySection);
        for (int i = 0; i < replies.length; i++) {
            String text = bulkText(replies[i]);
            String section = "";
            for (String line : text.split("\r\n")) {
                if (line.startsWith("# ")) {
                    section = line.substring(2);
                    keyspaceAsked |= section.equals("Keyspace");
                    if (i == 0 && !section.equals("Keyspace")) {
                        out.append("\r\n").append(line).append("\r\n");
                    }
                } else if (section.equals("Keyspace") && line.startsWith("db")) {
                    addKeyspace(keyspace, line);
                } else if (i == 0 && !line.isEmpty()) {
                    out.append(line).append("\r\n");
                }
            }
        }
        if (keyspaceAsked) {
            out.append("\r\n# Keyspace\r\n");
            keyspace.forEach((db, counts) -> out.append(db).append(":keys=").append(counts[0])
                    .append(",expires=").append(counts[1]).append(",avg_ttl=")
                    .append(counts[1] == 0 ? 0 : counts[2] / counts[1]).append("\r\n"));
        }
        return Replies.bulk(alloc, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code db0:keys=3,expires=1,avg_ttl=500}: keys and expires add up; avg_ttl is weighted by expires. */
    private static void addKeyspace(Map<String, long[]> keyspace, String line) {
        int colon = line.indexOf(':');
        long[] counts = keyspace.computeIfAbsent(line.substring(0, colon), db -> new long[3]);
        long expires = 0;
        for (String field : line.substring(colon + 1).split(",")) {
            String[] pair = field.split("=");
            long value = Long.parseLong(pair[1]);
            switch (pair[0]) {
                case "keys" -> counts[0] += value;
                case "expires" -> {
                    counts[1] += value;
                    expires = value;
                }
                case "avg_ttl" -> counts[2] += value * expires;
                default -> { }
            }
        }
    }

    private static String bulkText(ByteBuf reply) {
        int lineEnd = reply.indexOf(reply.readerIndex(), reply.writerIndex(), (byte) '\n');
        int start = lineEnd + 1;
        return reply.toString(start, Math.max(0, reply.writerIndex() - 2 - start), StandardCharsets.UTF_8);
    }
}
