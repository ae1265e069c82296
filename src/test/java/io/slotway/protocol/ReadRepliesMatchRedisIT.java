package io.slotway.protocol;

import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.Closing;
import io.slotway.testing.RawClient;
import io.slotway.testing.RespTranscripts;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every read command of the command table, run on seeded data of every type in RESP2 and after {@code HELLO 3}, through
 * Slotway and straight to the node holding the keys; the replies must match byte for byte. In RESP3 that covers maps
 * (HGETALL, LCS IDX, XINFO), sets (SMEMBERS, SUNION), doubles (ZSCORE, GEODIST, WITHSCORES pairs), nulls, and
 * Lua's RESP3 replies: Slotway must hand each client the bytes Redis gives a client of its protocol. Keys share the
 * hash tag {@code {r}}, so in a 3-shard cluster they all live on one node.
 */
class ReadRepliesMatchRedisIT {

    /** Rows whose keys are all in one slot: run in both modes. */
    private static final List<String> ROWS = List.of(
            "GET {r}str", "GET {r}missing", "GETRANGE {r}str 1 3", "SUBSTR {r}str 0 2", "STRLEN {r}str",
            "MGET {r}str {r}missing {r}num", "LCS {r}s1 {r}s2", "LCS {r}s1 {r}s2 IDX MINMATCHLEN 2 WITHMATCHLEN",
            "GETBIT {r}bits 7", "BITCOUNT {r}bits", "BITPOS {r}bits 1", "BITFIELD_RO {r}bits GET u8 0",
            "EXISTS {r}str {r}missing {r}hash", "TOUCH {r}str {r}missing", "TYPE {r}zset", "TYPE {r}missing",
            "TTL {r}str", "PTTL {r}missing", "EXPIRETIME {r}expiring", "PEXPIRETIME {r}str", "DUMP {r}str",
            "DUMP {r}missing",
            "HGET {r}hash f1", "HGET {r}hash nofield", "HGETALL {r}hash", "HGETALL {r}missing", "HKEYS {r}hash",
            "HVALS {r}hash", "HLEN {r}hash", "HMGET {r}hash f1 nofield", "HEXISTS {r}hash f2", "HSTRLEN {r}hash f1",
            "HRANDFIELD {r}onefield", "HRANDFIELD {r}onefield 1 WITHVALUES", "HSCAN {r}hash 0 COUNT 100",
            "LRANGE {r}list 0 -1", "LINDEX {r}list 1", "LINDEX {r}list 99", "LLEN {r}list", "LPOS {r}list b",
            "LPOS {r}list b COUNT 0", "SORT_RO {r}list ALPHA",
            "SMEMBERS {r}set", "SMEMBERS {r}missing", "SCARD {r}set", "SISMEMBER {r}set a", "SMISMEMBER {r}set a z",
            "SINTER {r}set {r}set2", "SUNION {r}set {r}set2", "SDIFF {r}set {r}set2", "SINTERCARD 2 {r}set {r}set2",
            "SRANDMEMBER {r}oneset", "SRANDMEMBER {r}oneset 1", "SSCAN {r}set 0 COUNT 100",
            "ZSCORE {r}zset a", "ZSCORE {r}zset nomember", "ZMSCORE {r}zset a nomember c", "ZCARD {r}zset",
            "ZCOUNT {r}zset 1 2", "ZLEXCOUNT {r}lex - +", "ZRANK {r}zset b", "ZREVRANK {r}zset b",
            "ZRANGE {r}zset 0 -1", "ZRANGE {r}zset 0 -1 WITHSCORES", "ZREVRANGE {r}zset 0 -1 WITHSCORES",
            "ZRANGEBYSCORE {r}zset -inf +inf WITHSCORES", "ZREVRANGEBYSCORE {r}zset +inf -inf",
            "ZRANGEBYLEX {r}lex - +", "ZREVRANGEBYLEX {r}lex + -", "ZRANDMEMBER {r}onezset 1 WITHSCORES",
            "ZUNION 2 {r}zset {r}zset2 WITHSCORES", "ZINTER 2 {r}zset {r}zset2 WITHSCORES",
            "ZDIFF 2 {r}zset {r}zset2 WITHSCORES", "ZINTERCARD 2 {r}zset {r}zset2", "ZSCAN {r}zset 0 COUNT 100",
            "PFCOUNT {r}hll",
            "GEODIST {r}geo rome paris km", "GEOPOS {r}geo rome nowhere", "GEOHASH {r}geo rome",
            "GEOSEARCH {r}geo FROMMEMBER rome BYRADIUS 2000 km ASC WITHDIST WITHCOORD",
            "GEORADIUS_RO {r}geo 12 42 2000 km ASC WITHDIST", "GEORADIUSBYMEMBER_RO {r}geo rome 2000 km ASC WITHHASH",
            "XLEN {r}stream", "XRANGE {r}stream - +", "XREVRANGE {r}stream + - COUNT 1",
            "XREAD COUNT 5 STREAMS {r}stream 0", "XINFO STREAM {r}stream", "XINFO GROUPS {r}stream",
            "XINFO CONSUMERS {r}stream idle", "XPENDING {r}stream busy",
            "OBJECT ENCODING {r}list", "OBJECT REFCOUNT {r}str", "OBJECT IDLETIME {r}missing", "OBJECT FREQ {r}str",
            "MEMORY USAGE {r}hash", "MEMORY USAGE {r}missing",
            "EVAL_RO \"return {1, 'two', {3}}\" 1 {r}str",
            "EVAL_RO \"redis.setresp(3) return redis.call('HGETALL', KEYS[1])\" 1 {r}hash",
            "EVAL_RO \"redis.setresp(3) return redis.call('ZSCORE', KEYS[1], 'a')\" 1 {r}zset",
            "EVAL_RO \"return redis.call('GET', KEYS[1])\" 1 {r}missing",
            "EVALSHA_RO " + Scripts.SHA + " 1 {r}str", "FCALL_RO rget 1 {r}str", "FCALL_RO rget 1 {r}missing",
            "KEYS {r}s*", "DBSIZE");

    /**
     * Rows that read the whole keyspace, or a random key (of database 9's one): the standalone node is the whole
     * keyspace, while a cluster's SCAN cursors are Slotway's own.
     */
    private static final List<String> STANDALONE_ROWS = List.of(
            "SCAN 0 COUNT 1000 MATCH {r}h*", "SELECT 9; RANDOMKEY");

    /** Read commands no row runs, and why. */
    private static final Set<String> NOT_COMPARED = Set.of(
            // Draws random art.
            "lolwut");

    private static final String[][] SEED = {
            {"SET", "{r}str", "hello world"}, {"SET", "{r}num", "42"}, {"SET", "{r}s1", "ohmytext"},
            {"SET", "{r}s2", "mynewtext"}, {"SETBIT", "{r}bits", "7", "1"}, {"SET", "{r}expiring", "v", "EXAT",
            "4102444800"},
            {"HSET", "{r}hash", "f1", "v1", "f2", "v2"}, {"HSET", "{r}onefield", "only", "1"},
            {"RPUSH", "{r}list", "a", "b", "c", "b"},
            {"SADD", "{r}set", "a", "b", "c"}, {"SADD", "{r}set2", "b", "c", "d"}, {"SADD", "{r}oneset", "only"},
            {"ZADD", "{r}zset", "1", "a", "2.5", "b", "3", "c"}, {"ZADD", "{r}zset2", "1", "b", "2", "d"},
            {"ZADD", "{r}onezset", "1.5", "only"}, {"ZADD", "{r}lex", "0", "a", "0", "b", "0", "c"},
            {"PFADD", "{r}hll", "a", "b", "c"},
            {"GEOADD", "{r}geo", "12.4964", "41.9028", "rome", "2.3522", "48.8566", "paris"},
            {"XADD", "{r}stream", "1-1", "f", "v"}, {"XADD", "{r}stream", "2-1", "g", "w"},
            {"XGROUP", "CREATE", "{r}stream", "idle", "$"}, {"XGROUP", "CREATE", "{r}stream", "busy", "0"},
            {"XREADGROUP", "GROUP", "busy", "c1", "COUNT", "1", "STREAMS", "{r}stream", ">"},
            {"SCRIPT", "LOAD", Scripts.BODY}, {"FUNCTION", "LOAD", Scripts.LIBRARY}};

    /** A script and a function library whose replies are plain values. */
    private static final class Scripts {
        static final String BODY = "return redis.call('GET', KEYS[1])";
        static final String SHA = sha1(BODY);
        static final String LIBRARY = "#!lua name=rlib\nredis.register_function{function_name='rget', "
                + "callback=function(keys, args) return redis.call('GET', keys[1]) end, flags={'no-writes'}}";
    }

    private static String sha1(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalRedis redis;
    private static TestSlotway standalone;
    private static LocalCluster cluster;
    private static TestSlotway clustered;
    /** The cluster primary that owns {@code {r}}'s slot. */
    private static LocalRedis owner;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        seed(redis);
        standalone = TestSlotway.standalone(redis.port());
        try (RawClient raw = new RawClient(redis.port())) {
            raw.send(RespTranscripts.encode(List.of("SELECT", "9")) + RespTranscripts.encode(
                    List.of("SET", "{r}only-in-9", "x")));
            RespTranscripts.readReply(raw);
            RespTranscripts.readReply(raw);
        }
        cluster = LocalCluster.start(3, 0);
        owner = owner(cluster);
        seed(owner);
        clustered = TestSlotway.start(TestSlotway.clusterYaml(cluster, ""));
    }

    private static void seed(LocalRedis node) throws IOException {
        for (String[] command : SEED) {
            LocalCluster.call(node, command);
        }
    }

    private static LocalRedis owner(LocalCluster cluster) throws IOException {
        for (LocalRedis primary : cluster.primaries()) {
            try {
                LocalCluster.call(primary, "GET", "{r}probe");
                return primary;
            } catch (IOException moved) {
                // MOVED: another primary owns the slot.
            }
        }
        throw new IllegalStateException("no primary owns {r}'s slot");
    }

    @AfterAll
    static void stop() {
        Closing.all(Arrays.asList(clustered, cluster, standalone, redis));
    }

    static Stream<Arguments> standaloneRows() {
        return Stream.concat(ROWS.stream(), STANDALONE_ROWS.stream())
                .flatMap(row -> Stream.of(Arguments.of(2, row), Arguments.of(3, row)));
    }

    static Stream<Arguments> clusterRows() {
        return ROWS.stream().flatMap(row -> Stream.of(Arguments.of(2, row), Arguments.of(3, row)));
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("standaloneRows")
    void standaloneRepliesMatchRedis(int protocol, String row) throws IOException {
        assertSameReplies(protocol, row, redis.port(), standalone.port());
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource("clusterRows")
    void clusterRepliesMatchTheNodeHoldingTheKeys(int protocol, String row) throws IOException {
        assertSameReplies(protocol, row, owner.port(), clustered.port());
    }

    @Test
    void everyReadCommandOfTheTableIsCompared() {
        Set<String> compared = new TreeSet<>();
        for (String row : Stream.concat(ROWS.stream(), STANDALONE_ROWS.stream()).toList()) {
            for (List<String> command : RespTranscripts.parse(row)) {
                compared.add(name(command));
            }
        }
        Set<String> missing = new TreeSet<>();
        for (CommandSpec spec : CommandTable.standard().all()) {
            for (CommandSpec entry : spec.isContainer() ? spec.subcommands() : List.of(spec)) {
                if (entry.has(CommandFlag.READONLY) && !compared.contains(entry.name())
                        && !NOT_COMPARED.contains(entry.name())) {
                    missing.add(entry.name());
                }
            }
        }
        assertThat(missing).as("read commands no row compares").isEmpty();
    }

    private static String name(List<String> command) {
        String first = command.get(0).toLowerCase(Locale.ROOT);
        CommandSpec spec = CommandTable.standard().lookup(first);
        return spec != null && spec.isContainer() && command.size() > 1
                ? first + "|" + command.get(1).toLowerCase(Locale.ROOT) : first;
    }

    private static void assertSameReplies(int protocol, String row, int redisPort, int slotwayPort)
            throws IOException {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("HELLO", Integer.toString(protocol)));
        commands.addAll(RespTranscripts.parse(row));
        String direct = RespTranscripts.transcript(redisPort, commands, ReadRepliesMatchRedisIT::withoutHello);
        String proxied = RespTranscripts.transcript(slotwayPort, commands, ReadRepliesMatchRedisIT::withoutHello);
        assertThat(proxied).as("RESP%s %s through Slotway (expected: as the node answers it)", protocol, row)
                .isEqualTo(direct);
    }

    /** HELLO's reply names each server's own connection id and mode: only the replies after it are compared. */
    private static String withoutHello(List<String> command, String reply) {
        return command.get(0).equals("HELLO") ? "" : reply;
    }
}
