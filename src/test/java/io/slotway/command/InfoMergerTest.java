package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class InfoMergerTest {

    /** INFO text of one shard: each argument is one line, joined with CRLF as Redis does. */
    private static String info(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    private static ByteBuf bulk(String text) {
        return Unpooled.copiedBuffer("$" + text.getBytes(UTF_8).length + "\r\n" + text + "\r\n", UTF_8);
    }

    @Test
    void resp3ShardsGiveAResp3VerbatimReply() {
        ByteBuf[] replies = {verbatim(info("# Keyspace", "db0:keys=2,expires=0,avg_ttl=0")),
                verbatim(info("# Keyspace", "db0:keys=3,expires=1,avg_ttl=0"))};
        ByteBuf merged = new InfoMerger("main", "cluster", 2)
                .merge(UnpooledByteBufAllocator.DEFAULT, replies, SplitPlan.WHOLE_COMMAND, 3);
        try {
            String reply = merged.toString(UTF_8);
            String body = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
            assertThat(reply).startsWith("=" + body.getBytes(UTF_8).length + "\r\ntxt:# Slotway\r\n");
            assertThat(body).contains("db0:keys=5,expires=1");
        } finally {
            merged.release();
            Arrays.stream(replies).forEach(ByteBuf::release);
        }
    }

    private static ByteBuf verbatim(String text) {
        return Unpooled.copiedBuffer("=" + (text.getBytes(UTF_8).length + 4) + "\r\ntxt:" + text + "\r\n", UTF_8);
    }

    /** Merges the shards' INFO texts and returns the merged bulk string's text; every buffer is released. */
    private static String merge(String... shards) {
        ByteBuf[] replies = Arrays.stream(shards).map(InfoMergerTest::bulk).toArray(ByteBuf[]::new);
        ByteBuf merged = new InfoMerger("main", "cluster", shards.length)
                .merge(UnpooledByteBufAllocator.DEFAULT, replies, SplitPlan.WHOLE_COMMAND, 2);
        try {
            String reply = merged.toString(UTF_8);
            int header = reply.indexOf("\r\n");
            String text = reply.substring(header + 2, reply.length() - 2);
            assertThat(reply).startsWith("$" + text.getBytes(UTF_8).length + "\r\n").endsWith("\r\n");
            return text;
        } finally {
            merged.release();
            Arrays.stream(replies).forEach(ByteBuf::release);
        }
    }

    /** Every {@code name:value} line of a merged INFO, by name. */
    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    private static List<String> headers(String text) {
        return Arrays.stream(text.split("\r\n")).filter(line -> line.startsWith("# ")).toList();
    }

    @Test
    void statsCountersAreSummedAcrossShards() {
        Map<String, String> merged = fields(merge(
                info("# Stats", "total_commands_processed:10", "keyspace_hits:3", "expired_keys:0",
                        "instantaneous_ops_per_sec:5"),
                info("# Stats", "total_commands_processed:32", "keyspace_hits:4", "expired_keys:7",
                        "instantaneous_ops_per_sec:6"),
                info("# Stats", "total_commands_processed:100", "keyspace_hits:0", "expired_keys:1",
                        "instantaneous_ops_per_sec:0")));
        assertThat(merged).containsEntry("total_commands_processed", "142").containsEntry("keyspace_hits", "7")
                .containsEntry("expired_keys", "8").containsEntry("instantaneous_ops_per_sec", "11");
    }

    @Test
    void persistenceCountersAreSummedAcrossShards() {
        Map<String, String> merged = fields(merge(
                info("# Persistence", "rdb_changes_since_last_save:5", "rdb_saves:1", "aof_rewrites:0"),
                info("# Persistence", "rdb_changes_since_last_save:9", "rdb_saves:2", "aof_rewrites:3")));
        assertThat(merged).containsEntry("rdb_changes_since_last_save", "14").containsEntry("rdb_saves", "3")
                .containsEntry("aof_rewrites", "3");
    }

    @Test
    void kilobytesPerSecondAreSummedAsDecimalsWithTwoPlaces() {
        Map<String, String> merged = fields(merge(
                info("# Stats", "instantaneous_input_kbps:0.52", "instantaneous_output_kbps:0.00"),
                info("# Stats", "instantaneous_input_kbps:0.31", "instantaneous_output_kbps:1.5"),
                info("# Stats", "instantaneous_input_kbps:10.10", "instantaneous_output_kbps:0.00")));
        assertThat(merged).containsEntry("instantaneous_input_kbps", "10.93")
                .containsEntry("instantaneous_output_kbps", "1.50");
    }

    @Test
    void persistenceFlagIsOnWhenAnyShardHasIt() {
        Map<String, String> merged = fields(merge(
                info("# Persistence", "loading:0", "rdb_bgsave_in_progress:0", "aof_enabled:0"),
                info("# Persistence", "loading:0", "rdb_bgsave_in_progress:1", "aof_enabled:0"),
                info("# Persistence", "loading:0", "rdb_bgsave_in_progress:0", "aof_enabled:0")));
        assertThat(merged).containsEntry("rdb_bgsave_in_progress", "1").containsEntry("loading", "0")
                .containsEntry("aof_enabled", "0");
    }

    @Test
    void failedStatusOfOneShardShows() {
        Map<String, String> merged = fields(merge(
                info("# Persistence", "rdb_last_bgsave_status:ok", "aof_last_write_status:ok"),
                info("# Persistence", "rdb_last_bgsave_status:err", "aof_last_write_status:ok")));
        assertThat(merged).containsEntry("rdb_last_bgsave_status", "err").containsEntry("aof_last_write_status", "ok");
    }

    @Test
    void timestampsComeFromTheFirstShard() {
        Map<String, String> merged = fields(merge(
                info("# Persistence", "rdb_last_save_time:1700000000", "rdb_last_bgsave_time_sec:-1", "# Stats",
                        "expired_stale_perc:0.50", "latest_fork_usec:120", "current_eviction_exceeded_time:0"),
                info("# Persistence", "rdb_last_save_time:1700000999", "rdb_last_bgsave_time_sec:3", "# Stats",
                        "expired_stale_perc:0.25", "latest_fork_usec:900", "current_eviction_exceeded_time:7")));
        assertThat(merged).containsEntry("rdb_last_save_time", "1700000000")
                .containsEntry("rdb_last_bgsave_time_sec", "-1").containsEntry("expired_stale_perc", "0.50")
                .containsEntry("latest_fork_usec", "120").containsEntry("current_eviction_exceeded_time", "0");
    }

    @Test
    void otherSectionsAreTheFirstShardsAsTheyAre() {
        Map<String, String> merged = fields(merge(
                info("# Server", "redis_version:7.0.15", "# Clients", "connected_clients:3"),
                info("# Server", "redis_version:7.0.11", "# Clients", "connected_clients:9")));
        assertThat(merged).containsEntry("redis_version", "7.0.15").containsEntry("connected_clients", "3");
    }

    @Test
    void keyspaceStillSumsEveryDatabase() {
        String text = merge(
                info("# Keyspace", "db0:keys=3,expires=1,avg_ttl=1000"),
                info("# Keyspace", "db2:keys=5,expires=0,avg_ttl=0", "db0:keys=7,expires=3,avg_ttl=2000"));
        assertThat(text).endsWith(info("# Keyspace", "db0:keys=10,expires=4,avg_ttl=1750",
                "db2:keys=5,expires=0,avg_ttl=0"));
    }

    @Test
    void unparsableValueKeepsTheFirstShardsValue() {
        Map<String, String> merged = fields(merge(
                info("# Stats", "total_commands_processed:10", "keyspace_hits:1", "instantaneous_input_kbps:0.10",
                        "# Persistence", "loading:0"),
                info("# Stats", "total_commands_processed:lots", "keyspace_hits:2", "instantaneous_input_kbps:-"),
                info("# Persistence", "loading:maybe")));
        assertThat(merged).containsEntry("total_commands_processed", "10").containsEntry("keyspace_hits", "3")
                .containsEntry("instantaneous_input_kbps", "0.10").containsEntry("loading", "0");
    }

    @Test
    void fieldMissingOnSomeShardsSumsWhatIsThere() {
        Map<String, String> merged = fields(merge(
                info("# Stats", "keyspace_hits:1", "total_error_replies:2"),
                info("# Stats", "keyspace_hits:4"),
                info("# Stats", "keyspace_hits:8", "total_error_replies:5")));
        assertThat(merged).containsEntry("keyspace_hits", "13").containsEntry("total_error_replies", "7");
    }

    @Test
    void sectionOrderFollowsTheFirstShard() {
        String text = merge(
                info("# Server", "redis_version:7.0.15", "", "# Persistence", "loading:0", "rdb_saves:1", "",
                        "# Stats", "total_commands_processed:1", "keyspace_hits:2", "", "# Keyspace",
                        "db0:keys=1,expires=0,avg_ttl=0"),
                info("# Stats", "keyspace_hits:3", "total_commands_processed:4", "", "# Persistence", "rdb_saves:5",
                        "loading:0", "", "# Server", "redis_version:7.0.15"));
        assertThat(headers(text)).containsExactly("# Slotway", "# Server", "# Persistence", "# Stats", "# Keyspace");
        assertThat(fields(text).keySet()).containsSubsequence("redis_version", "loading", "rdb_saves",
                "total_commands_processed", "keyspace_hits", "db0");
        assertThat(text).contains("\r\n\r\n# Stats\r\ntotal_commands_processed:5\r\nkeyspace_hits:5\r\n\r\n");
    }

    @Test
    void slotwaySectionComesFirst() {
        String text = merge(info("# Server", "redis_version:7.0.15"), info("# Server", "redis_version:7.0.15"));
        assertThat(text).startsWith("# Slotway\r\nslotway_version:");
        assertThat(fields(text)).containsEntry("slotway_upstream", "main").containsEntry("slotway_mode", "cluster")
                .containsEntry("slotway_shards", "2");
    }
}
