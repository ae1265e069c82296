package io.slotway.command;

import io.slotway.testing.TestArgs;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTableTest {

    private final CommandTable table = CommandTable.standard();

    @Test
    void tableHoldsEveryRedis70Command() {
        assertThat(table.size()).isEqualTo(240);
        assertThat(table.lookup("get")).isNotNull();
        assertThat(table.lookup("xautoclaim")).isNotNull();
    }

    @Test
    void lookupIgnoresCase() {
        assertThat(table.lookup(TestArgs.of("GeT", "k")).name()).isEqualTo("get");
        assertThat(table.lookup(TestArgs.of("get", "k")).name()).isEqualTo("get");
    }

    @Test
    void unknownCommandIsNull() {
        assertThat(table.lookup(TestArgs.of("nosuchcommand"))).isNull();
        assertThat(table.lookup(TestArgs.of(""))).isNull();
    }

    @Test
    void subcommandsAreFoundByTheSecondArgument() {
        CommandSpec config = table.lookup(TestArgs.of("CONFIG", "GET", "maxmemory"));
        assertThat(config.isContainer()).isTrue();
        assertThat(config.subcommand(TestArgs.of("CONFIG", "get", "maxmemory")).name()).isEqualTo("config|get");
        assertThat(table.lookup("client|setname").arity()).isEqualTo(3);
        assertThat(config.subcommand(TestArgs.of("CONFIG", "nope"))).isNull();
    }

    @Test
    void arityFollowsRedisRules() {
        CommandSpec get = table.lookup("get");
        assertThat(get.arityAccepts(2)).isTrue();
        assertThat(get.arityAccepts(3)).isFalse();
        CommandSpec mget = table.lookup("mget");
        assertThat(mget.arityAccepts(2)).isTrue();
        assertThat(mget.arityAccepts(10)).isTrue();
        assertThat(mget.arityAccepts(1)).isFalse();
    }

    @Test
    void flagsAreTheServers() {
        assertThat(table.lookup("get").has(CommandFlag.READONLY)).isTrue();
        assertThat(table.lookup("get").has(CommandFlag.FAST)).isTrue();
        assertThat(table.lookup("set").has(CommandFlag.WRITE)).isTrue();
        assertThat(table.lookup("set").has(CommandFlag.DENYOOM)).isTrue();
        assertThat(table.lookup("blpop").has(CommandFlag.BLOCKING)).isTrue();
        assertThat(table.lookup("subscribe").has(CommandFlag.PUBSUB)).isTrue();
    }

    @Test
    void policiesComeFromTheTips() {
        assertThat(table.lookup("keys").requestPolicy()).isEqualTo(RequestPolicy.ALL_SHARDS);
        assertThat(table.lookup("dbsize").responsePolicy()).isEqualTo(ResponsePolicy.AGG_SUM);
        assertThat(table.lookup("get").requestPolicy()).isEqualTo(RequestPolicy.DEFAULT);
    }

    @Test
    void keySpecsIncludeNumkeysAndKeywordForms() {
        KeySpec eval = table.lookup("eval").keySpecs().get(0);
        assertThat(eval.findType()).isEqualTo(KeySpec.FindKeys.KEYNUM);
        assertThat(eval.index()).isEqualTo(2);
        KeySpec xread = table.lookup("xread").keySpecs().get(0);
        assertThat(xread.beginType()).isEqualTo(KeySpec.BeginSearch.KEYWORD);
        assertThat(xread.keyword()).isEqualTo("STREAMS");
        KeySpec mset = table.lookup("mset").keySpecs().get(0);
        assertThat(mset.lastKey()).isEqualTo(-1);
        assertThat(mset.keyStep()).isEqualTo(2);
    }

    @Test
    void infoAndDocsRepliesAreTheServersBytes() {
        assertThat(table.lookup("get").infoReply().toString(java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("*10\r\n$3\r\nget\r\n:2\r\n");
        assertThat(table.lookup("get").docsReply().toString(java.nio.charset.StandardCharsets.US_ASCII))
                .contains("summary").contains("Get the value of a key");
        assertThat(table.lookup("config|get").docsReply()).isNotNull();
    }

    @Test
    void lookupAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TestArgs get = TestArgs.of("GET", "key");
        TestArgs config = TestArgs.of("config", "SET", "a", "b");
        for (int i = 0; i < 200_000; i++) {
            table.lookup(get);
            table.lookup(config).subcommand(config);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int found = 0;
        for (int i = 0; i < 100_000; i++) {
            found += table.lookup(get) != null ? 1 : 0;
            found += table.lookup(config).subcommand(config) != null ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(found).isEqualTo(200_000);
        assertThat(allocated / 200_000.0).as("bytes allocated per lookup").isLessThan(1.0);
    }
}
