package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * INFO across shards: a {@code # Slotway} section describing the proxy and its upstream, then the first shard's
 * sections in its order, with {@code # Keyspace} summing every shard's keys and expires per database. In
 * {@code # Stats} and {@code # Persistence}, counters whose sum is the whole are summed, "in progress"/enabled flags
 * are on if any shard has them on, a {@code *_status} shows the first shard that is not {@code ok}, and every other
 * field (timestamps, durations, ratios, progress) is the first shard's, as is every other section.
 */
public final class InfoMerger implements ReplyMerger {

    private enum Rule { SUM, DECIMAL_SUM, ANY, WORST_STATUS }

    private static final Map<String, Rule> RULES = rules();

    private static Map<String, Rule> rules() {
        Map<String, Rule> rules = new HashMap<>();
        put(rules, Rule.SUM, "total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec",
                "total_net_input_bytes", "total_net_output_bytes", "total_net_repl_input_bytes",
                "total_net_repl_output_bytes", "rejected_connections", "sync_full", "sync_partial_ok",
                "sync_partial_err", "expired_keys", "expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds",
                "evicted_keys", "evicted_clients", "total_eviction_exceeded_time", "keyspace_hits", "keyspace_misses",
                "pubsub_channels", "pubsub_patterns", "pubsubshard_channels", "total_forks", "migrate_cached_sockets",
                "slave_expires_tracked_keys", "active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits",
                "active_defrag_key_misses", "total_active_defrag_time", "tracking_total_keys", "tracking_total_items",
                "tracking_total_prefixes", "unexpected_error_replies", "total_error_replies",
                "dump_payload_sanitizations", "total_reads_processed", "total_writes_processed",
                "io_threaded_reads_processed", "io_threaded_writes_processed", "reply_buffer_shrinks",
                "reply_buffer_expands", "client_query_buffer_limit_disconnections",
                "client_output_buffer_limit_disconnections", "rdb_changes_since_last_save", "rdb_saves",
                "aof_rewrites", "rdb_last_load_keys_expired", "rdb_last_load_keys_loaded");
        // Redis prints these with "%.2f".
        put(rules, Rule.DECIMAL_SUM, "instantaneous_input_kbps", "instantaneous_output_kbps",
                "instantaneous_input_repl_kbps", "instantaneous_output_repl_kbps");
        put(rules, Rule.ANY, "loading", "async_loading", "rdb_bgsave_in_progress", "aof_rewrite_in_progress",
                "aof_rewrite_scheduled", "module_fork_in_progress", "aof_enabled");
        put(rules, Rule.WORST_STATUS, "rdb_last_bgsave_status", "aof_last_bgrewrite_status", "aof_last_write_status");
        return Map.copyOf(rules);
    }

    private static void put(Map<String, Rule> rules, Rule rule, String... fields) {
        for (String field : fields) {
            rules.put(field, rule);
        }
    }

    /** A verbatim string's text starts after its three-letter format and a colon. */
    private static final int VERBATIM_FORMAT_BYTES = 4;

    private final String slotwaySection;

    public InfoMerger(String upstream, String mode, int shards) {
        String version = InfoMerger.class.getPackage().getImplementationVersion();
        this.slotwaySection = "# Slotway\r\nslotway_version:" + (version == null ? "dev" : version)
                + "\r\nslotway_upstream:" + upstream + "\r\nslotway_mode:" + mode + "\r\nslotway_shards:" + shards
                + "\r\n";
    }

    @Override
    public ByteBuf merge(ByteBufAllocator alloc, ByteBuf[] replies, SplitPlan plan, int protocol) {
        Map<String, long[]> keyspace = new LinkedHashMap<>();
        List<Map<String, String>> fields = new ArrayList<>(replies.length);
        String[] firstLines = new String[0];
        for (int i = 0; i < replies.length; i++) {
            String[] lines = bulkText(replies[i]).split("\r\n");
            firstLines = i == 0 ? lines : firstLines;
            fields.add(scan(lines, keyspace));
        }
        StringBuilder out = new StringBuilder(slotwaySection);
        String section = "";
        for (String line : firstLines) {
            if (line.startsWith("# ")) {
                section = line.substring(2);
                out.append("\r\n").append(line).append("\r\n");
                if (section.equals("Keyspace")) {
                    appendKeyspace(out, keyspace);
                }
            } else if (!line.isEmpty() && !section.equals("Keyspace")) {
                // Blank separators are re-added before each header; Keyspace lines were written from the sums.
                out.append(isMerged(section) ? mergedLine(line, fields) : line).append("\r\n");
            }
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf reply = alloc.buffer(text.length + 24);
        RespWriter.writeVerbatim(reply, text, protocol);
        return reply;
    }

    private static boolean isMerged(String section) {
        return section.equals("Stats") || section.equals("Persistence");
    }

    /** One shard's Stats and Persistence fields by name; its Keyspace lines go into the shared sums. */
    private static Map<String, String> scan(String[] lines, Map<String, long[]> keyspace) {
        Map<String, String> fields = new HashMap<>();
        String section = "";
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (line.startsWith("# ")) {
                section = line.substring(2);
            } else if (section.equals("Keyspace") && line.startsWith("db")) {
                addKeyspace(keyspace, line);
            } else if (colon > 0 && isMerged(section)) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    private static String mergedLine(String line, List<Map<String, String>> shards) {
        int colon = line.indexOf(':');
        String name = colon > 0 ? line.substring(0, colon) : "";
        Rule rule = RULES.get(name);
        if (rule == null) {
            return line;
        }
        List<String> values = new ArrayList<>(shards.size());
        for (Map<String, String> shard : shards) {
            String value = shard.get(name);
            if (value != null) {
                values.add(value);
            }
        }
        try {
            return name + ':' + merge(rule, values);
        } catch (NumberFormatException e) {
            return line; // one shard's odd value must not hide the rest of INFO: keep the first shard's
        }
    }

    /** {@code values} starts with the first shard's value; shards without the field are left out. */
    private static String merge(Rule rule, List<String> values) {
        switch (rule) {
            case SUM -> {
                long sum = 0;
                for (String value : values) {
                    sum += Long.parseLong(value);
                }
                return Long.toString(sum);
            }
            case DECIMAL_SUM -> {
                double sum = 0;
                for (String value : values) {
                    sum += Double.parseDouble(value);
                }
                return String.format(Locale.ROOT, "%.2f", sum);
            }
            case ANY -> {
                long max = Long.MIN_VALUE;
                for (String value : values) {
                    max = Math.max(max, Long.parseLong(value));
                }
                return Long.toString(max);
            }
            default -> {
                for (String value : values) {
                    if (!value.equals("ok")) {
                        return value;
                    }
                }
                return values.get(0);
            }
        }
    }

    private static void appendKeyspace(StringBuilder out, Map<String, long[]> keyspace) {
        keyspace.forEach((db, counts) -> out.append(db).append(":keys=").append(counts[0])
                .append(",expires=").append(counts[1]).append(",avg_ttl=")
                .append(counts[1] == 0 ? 0 : counts[2] / counts[1]).append("\r\n"));
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

    /** The text of a bulk string, or of RESP3's verbatim string after its {@code txt:} format. */
    private static String bulkText(ByteBuf reply) {
        int lineEnd = reply.indexOf(reply.readerIndex(), reply.writerIndex(), (byte) '\n');
        int start = lineEnd + 1 + (reply.getByte(reply.readerIndex()) == '=' ? VERBATIM_FORMAT_BYTES : 0);
        return reply.toString(start, Math.max(0, reply.writerIndex() - 2 - start), StandardCharsets.UTF_8);
    }
}
