package io.slotway.command;

import io.slotway.testing.RespText;
import io.slotway.protocol.RespValue;
import io.slotway.testing.TestArgs;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import java.util.Locale;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTableTest {

    private final CommandTable table = CommandTable.standard();

    @Test
    void sizeIsTheNumberOfTopLevelCommandsInTheResource() throws IOException {
        RespValue resource = RespValue.parse(resource(CommandTable.INFO_RESOURCE));
        assertThat(table.size()).isEqualTo(resource.items().size()).isEqualTo(240);
        assertThat(table.all()).hasSize(table.size());
    }

    @Test
    void allIsInTheServersOrder() throws IOException {
        RespValue resource = RespValue.parse(resource(CommandTable.INFO_RESOURCE));
        assertThat(table.all()).extracting(CommandSpec::name)
                .containsExactlyElementsOf(resource.items().stream().map(entry -> entry.get(0).text()).toList());
    }

    @Test
    void lookupIgnoresCase() {
        assertThat(table.lookup(TestArgs.of("GeT", "k")).name()).isEqualTo("get");
        assertThat(table.lookup(TestArgs.of("get", "k")).name()).isEqualTo("get");
        assertThat(table.lookup(TestArgs.of("GET", "k"))).isSameAs(table.lookup("get"));
        assertThat(table.lookup("XAUTOCLAIM").name()).isEqualTo("xautoclaim");
    }

    @Test
    void everyCommandAndSubcommandIsFoundByItsOwnNameInUpperCase() {
        for (CommandSpec command : table.all()) {
            String upper = command.name().toUpperCase(Locale.ROOT);
            assertThat(table.lookup(TestArgs.of(upper, "x"))).as(upper).isSameAs(command);
            for (CommandSpec sub : command.subcommands()) {
                String subName = sub.name().substring(sub.name().indexOf('|') + 1).toUpperCase(Locale.ROOT);
                assertThat(command.subcommand(TestArgs.of(upper, subName))).as(sub.name()).isSameAs(sub);
                assertThat(table.lookup(sub.name())).isSameAs(sub);
            }
        }
    }

    @Test
    void unknownCommandIsNull() {
        assertThat(table.lookup(TestArgs.of("nosuchcommand"))).isNull();
        assertThat(table.lookup(TestArgs.of(""))).isNull();
        assertThat(table.lookup(TestArgs.of("ge", "k"))).isNull();
        assertThat(table.lookup(TestArgs.of("gett", "k"))).isNull();
        assertThat(table.lookup(TestArgs.of("x".repeat(100_000)))).isNull();
        assertThat(table.lookup(TestArgs.of())).isNull();
        assertThat(table.lookup("config|nope")).isNull();
        assertThat(table.lookup("nope|get")).isNull();
    }

    @Test
    void subcommandIsNamedByArgumentOneInAnyCase() {
        CommandSpec config = table.lookup(TestArgs.of("CONFIG", "GET", "maxmemory"));
        assertThat(config.isContainer()).isTrue();
        assertThat(config.subcommand(TestArgs.of("CONFIG", "GET", "maxmemory")).name()).isEqualTo("config|get");
        assertThat(config.subcommand(TestArgs.of("config", "get", "maxmemory"))).isSameAs(table.lookup("config|get"));
        CommandSpec client = table.lookup(TestArgs.of("client", "setname", "x"));
        assertThat(client.subcommand(TestArgs.of("client", "setname", "x")).name()).isEqualTo("client|setname");
        assertThat(table.lookup("CLIENT|SetName").arity()).isEqualTo(3);
    }

    @Test
    void missingOrUnknownSubcommandIsNull() {
        CommandSpec config = table.lookup("config");
        assertThat(config.subcommand(TestArgs.of("CONFIG", "nope"))).isNull();
        assertThat(config.subcommand(TestArgs.of("CONFIG"))).isNull();
        assertThat(table.lookup("get").isContainer()).isFalse();
        assertThat(table.lookup("get").subcommand(TestArgs.of("GET", "k"))).isNull();
        assertThat(table.lookup("get").subcommands()).isEmpty();
        assertThat(config.subcommands()).extracting(CommandSpec::name).contains("config|get", "config|set");
    }

    @Test
    void positiveArityIsExactAndNegativeIsAMinimum() {
        CommandSpec get = table.lookup("get");
        assertThat(get.arity()).isEqualTo(2);
        assertThat(get.arityAccepts(2)).isTrue();
        assertThat(get.arityAccepts(1)).isFalse();
        assertThat(get.arityAccepts(3)).isFalse();
        CommandSpec mget = table.lookup("mget");
        assertThat(mget.arity()).isEqualTo(-2);
        assertThat(mget.arityAccepts(1)).isFalse();
        assertThat(mget.arityAccepts(2)).isTrue();
        assertThat(mget.arityAccepts(10)).isTrue();
        CommandSpec configGet = table.lookup("config|get");
        assertThat(configGet.arityAccepts(2)).isFalse();
        assertThat(configGet.arityAccepts(3)).isTrue();
    }

    @Test
    void flagsAreTheServers() {
        assertThat(table.lookup("get").flags()).containsExactlyInAnyOrder(CommandFlag.READONLY, CommandFlag.FAST);
        assertThat(table.lookup("set").has(CommandFlag.WRITE)).isTrue();
        assertThat(table.lookup("set").has(CommandFlag.DENYOOM)).isTrue();
        assertThat(table.lookup("set").has(CommandFlag.READONLY)).isFalse();
        assertThat(table.lookup("blpop").has(CommandFlag.BLOCKING)).isTrue();
        assertThat(table.lookup("subscribe").has(CommandFlag.PUBSUB)).isTrue();
        assertThat(table.lookup("auth").has(CommandFlag.NO_AUTH)).isTrue();
        assertThat(table.lookup("eval").has(CommandFlag.MOVABLEKEYS)).isTrue();
        assertThat(table.lookup("save").has(CommandFlag.NO_MULTI)).isTrue();
        assertThat(table.lookup("multi").has(CommandFlag.ALLOW_BUSY)).isTrue();
        assertThat(table.lookup("restore-asking").has(CommandFlag.ASKING)).isTrue();
    }

    @Test
    void legacyKeyPositionsAndAclCategoriesAreTheServers() {
        CommandSpec mset = table.lookup("mset");
        assertThat(List.of(mset.firstKey(), mset.lastKey(), mset.step())).containsExactly(1, -1, 2);
        CommandSpec ping = table.lookup("ping");
        assertThat(List.of(ping.firstKey(), ping.lastKey(), ping.step())).containsExactly(0, 0, 0);
        assertThat(table.lookup("get").aclCategories()).containsExactly("@read", "@string", "@fast");
    }

    @Test
    void policiesAndNondeterminismComeFromTheTips() {
        assertThat(table.lookup("keys").requestPolicy()).isEqualTo(RequestPolicy.ALL_SHARDS);
        assertThat(table.lookup("keys").responsePolicy()).isEqualTo(ResponsePolicy.DEFAULT);
        assertThat(table.lookup("keys").tips()).contains("nondeterministic_output_order");
        assertThat(table.lookup("dbsize").requestPolicy()).isEqualTo(RequestPolicy.ALL_SHARDS);
        assertThat(table.lookup("dbsize").responsePolicy()).isEqualTo(ResponsePolicy.AGG_SUM);
        assertThat(table.lookup("mget").requestPolicy()).isEqualTo(RequestPolicy.MULTI_SHARD);
        assertThat(table.lookup("msetnx").responsePolicy()).isEqualTo(ResponsePolicy.AGG_MIN);
        assertThat(table.lookup("script|exists").responsePolicy()).isEqualTo(ResponsePolicy.AGG_LOGICAL_AND);
        assertThat(table.lookup("config|set").requestPolicy()).isEqualTo(RequestPolicy.ALL_NODES);
        assertThat(table.lookup("scan").requestPolicy()).isEqualTo(RequestPolicy.SPECIAL);
        assertThat(table.lookup("get").requestPolicy()).isEqualTo(RequestPolicy.DEFAULT);
        assertThat(table.lookup("get").tips()).isEmpty();
        assertThat(table.lookup("randomkey").nondeterministicOutput()).isTrue();
        assertThat(table.lookup("keys").nondeterministicOutput()).isFalse();
    }

    @Test
    void keySpecsHaveIndexKeywordRangeAndKeynumForms() {
        KeySpec eval = table.lookup("eval").keySpecs().get(0);
        assertThat(eval.beginType()).isEqualTo(KeySpec.BeginSearch.INDEX);
        assertThat(eval.index()).isEqualTo(2);
        assertThat(eval.findType()).isEqualTo(KeySpec.FindKeys.KEYNUM);
        assertThat(List.of(eval.keyNumIndex(), eval.firstKey(), eval.keyStep())).containsExactly(0, 1, 1);

        KeySpec xread = table.lookup("xread").keySpecs().get(0);
        assertThat(xread.beginType()).isEqualTo(KeySpec.BeginSearch.KEYWORD);
        assertThat(xread.keyword()).isEqualTo("STREAMS");
        assertThat(xread.startFrom()).isEqualTo(1);
        assertThat(List.of(xread.lastKey(), xread.keyStep(), xread.limit())).containsExactly(-1, 1, 2);

        KeySpec mset = table.lookup("mset").keySpecs().get(0);
        assertThat(mset.findType()).isEqualTo(KeySpec.FindKeys.RANGE);
        assertThat(List.of(mset.lastKey(), mset.keyStep(), mset.limit())).containsExactly(-1, 2, 0);

        assertThat(table.lookup("set").keySpecs().get(0).flags()).containsExactly(KeySpec.Flag.RW,
                KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE, KeySpec.Flag.VARIABLE_FLAGS);
        assertThat(table.lookup("spublish").keySpecs().get(0).has(KeySpec.Flag.NOT_KEY)).isTrue();
        assertThat(table.lookup("migrate").keySpecs().get(1).has(KeySpec.Flag.INCOMPLETE)).isTrue();
        assertThat(table.lookup("sort").keySpecs()).filteredOn(KeySpec::isUnknown).hasSize(2);
        assertThat(table.lookup("ping").keySpecs()).isEmpty();
    }

    @Test
    void infoReplyIsTheServersEntryForThatCommand() {
        String get = table.lookup("get").infoReply().toString(US_ASCII);
        assertThat(get).startsWith("*10\r\n$3\r\nget\r\n:2\r\n");
        RespValue parsed = RespValue.parse(table.lookup("get").infoReply().duplicate());
        assertThat(parsed.get(0).text()).isEqualTo("get");
        assertThat(RespValue.parse(table.lookup("config|get").infoReply().duplicate()).get(0).text())
                .isEqualTo("config|get");
    }

    @Test
    void docsReplyIsTheCommandsDocMap() {
        RespValue get = RespValue.parse(table.lookup("get").docsReply().duplicate());
        assertThat(get.field("summary").text()).isEqualTo("Get the value of a key");
        assertThat(get.field("group").text()).isEqualTo("string");
        RespValue configGet = RespValue.parse(table.lookup("config|get").docsReply().duplicate());
        assertThat(configGet.field("group").text()).isEqualTo("server");
        RespValue config = RespValue.parse(table.lookup("config").docsReply().duplicate());
        assertThat(config.field("subcommands").items()).hasSize(2 * table.lookup("config").subcommands().size());
    }

    @Test
    void wholeRepliesHoldEveryCommand() {
        assertThat(RespValue.parse(table.allInfoReply(2).duplicate()).items()).hasSize(table.size());
        assertThat(RespValue.parse(table.allDocsReply(2).duplicate()).items()).hasSize(2 * table.size());
    }

    @Test
    void repliesAreReadOnlyAndReleasingDuplicatesNeverFreesThem() {
        ByteBuf info = table.lookup("get").infoReply();
        for (int i = 0; i < 10; i++) {
            info.retainedDuplicate().release();
            table.allDocsReply(2).retainedDuplicate().release();
        }
        assertThat(info.refCnt()).isPositive();
        assertThat(info.isReadOnly()).isTrue();
        assertThat(info.toString(US_ASCII)).startsWith("*10\r\n");
        assertThatThrownBy(() -> info.duplicate().setByte(0, 'x')).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void unknownCommandFlagFailsTheLoadNamingCommandAndFlag() {
        byte[] info = RespText.encode(List.of(RespText.info("frob", 1, List.of("write", "frobnicate"), 0, 0, 0,
                List.of(), List.of())));
        assertThatThrownBy(() -> CommandTable.load(info, RespText.docs("frob")))
                .hasMessageContaining("'frob'").hasMessageContaining("unknown command flag 'frobnicate'");
    }

    @Test
    void unknownKeySpecFlagOrPolicyFailsTheLoad() {
        byte[] badKeyFlag = RespText.encode(List.of(RespText.info("frob", 2, List.of(), 1, 1, 1, List.of(),
                List.of(RespText.keySpec(List.of("RW", "shiny"), RespText.index(1), RespText.range(0, 1, 0))))));
        assertThatThrownBy(() -> CommandTable.load(badKeyFlag, RespText.docs("frob")))
                .hasMessageContaining("unknown key spec flag 'shiny'");
        byte[] badPolicy = RespText.encode(List.of(RespText.info("frob", 1, List.of(), 0, 0, 0,
                List.of("request_policy:everywhere"), List.of())));
        assertThatThrownBy(() -> CommandTable.load(badPolicy, RespText.docs("frob")))
                .hasMessageContaining("unknown request_policy 'everywhere'");
    }

    @Test
    void unknownTipsAreKeptButIgnored() {
        byte[] info = RespText.encode(List.of(RespText.info("frob", 1, List.of(), 0, 0, 0,
                List.of("some_future_tip"), List.of())));
        CommandSpec frob = CommandTable.load(info, RespText.docs("frob")).lookup("frob");
        assertThat(frob.tips()).containsExactly("some_future_tip");
        assertThat(frob.requestPolicy()).isEqualTo(RequestPolicy.DEFAULT);
    }

    @Test
    void infoAndDocsMustDescribeTheSameCommands() {
        byte[] info = RespText.encode(List.of(RespText.info("frob", 1, List.of(), 0, 0, 0, List.of(), List.of())));
        assertThatThrownBy(() -> CommandTable.load(info, RespText.docs("other")))
                .hasMessageContaining("'frob'").hasMessageContaining("no COMMAND DOCS entry");
        assertThatThrownBy(() -> CommandTable.load(info, RespText.docs("frob", "other")))
                .hasMessageContaining("'other'");
    }

    @Test
    void preRedis7EntriesFailTheLoad() {
        // Redis 6.2 sends seven fields per command: no tips, key specs or subcommands.
        byte[] info = RespText.encode(List.of(List.of("get", 2, List.of("readonly"), 1, 1, 1, List.of("@read"))));
        assertThatThrownBy(() -> CommandTable.load(info, RespText.docs("get")))
                .hasMessageContaining("7 fields (expected: 10");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CommandTable.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
