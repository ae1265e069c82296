package io.slotway.local;

import io.slotway.auth.Authenticator;
import io.slotway.blocking.BlockingCommands;
import io.slotway.command.CommandTable;
import io.slotway.config.AuthConfig;
import io.slotway.config.CommandsConfig;
import io.slotway.config.Secret;
import io.slotway.dispatch.CommandDispatcher;
import io.slotway.fault.Faults;
import io.slotway.forward.MirrorTraffic;
import io.slotway.forward.Mirrors;
import io.slotway.monitor.MonitorCommand;
import io.slotway.monitor.Monitors;
import io.slotway.pubsub.Hubs;
import io.slotway.tracking.TrackingCommands;
import io.slotway.tracking.Trackings;
import io.slotway.pubsub.PubSub;
import io.slotway.route.Routes;
import io.slotway.testing.NoClients;
import io.slotway.testing.RecordingClient;
import io.slotway.testing.TestRoutes;
import io.slotway.transaction.Transactions;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each local command through the dispatcher, as production builds it, against Redis 7.0's exact replies. */
class LocalCommandsTest {
    /** Transactions only read its topology here. */
    static final Routes ROUTES = TestRoutes.unconnectedStandalone();


    private static final CommandTable TABLE = CommandTable.standard();
    private static final ServerFacts STANDALONE = new ServerFacts("7.0.15", 16, false);
    private static final ServerFacts CLUSTER = new ServerFacts("7.0.15", 16, true);
    private static final AuthConfig AUTH = new AuthConfig(List.of(new Secret("secret")),
            Map.of("app", new AuthConfig.UserConfig("app", new Secret("app-pass"), "+@all")));

    private RecordingClient client = new RecordingClient(7, null);
    private CommandDispatcher dispatcher = dispatcher(STANDALONE, null);

    /** As GenerationBuilder builds it; the forward handler records the request in the client, which releases it. */
    private static CommandDispatcher dispatcher(ServerFacts facts, Authenticator authenticator) {
        return new CommandDispatcher(TABLE, ROUTES, new Faults(List.of(), TABLE), CommandsConfig.DEFAULTS, 
                new LocalCommands(TABLE, facts, authenticator, new NoClients()),
                (client, request, spec) -> client.forward(request, null, null),
                new Transactions(ROUTES, new Mirrors(new MirrorTraffic(), 100),
                        10_000, TABLE.lookup("ping"), TABLE.lookup("select"), 16, false),
                new BlockingCommands(), new PubSub(ROUTES, 256, new Hubs()),
                new MonitorCommand(new Monitors(), 0, 0),
                new TrackingCommands(ROUTES, new Trackings(), 1000, 16), authenticator);
    }

    private void inClusterMode() {
        dispatcher = dispatcher(CLUSTER, null);
    }

    private void withLogin() {
        Authenticator authenticator = new Authenticator(AUTH, TABLE);
        client = new RecordingClient(7, authenticator);
        dispatcher = dispatcher(STANDALONE, authenticator);
    }

    /** Dispatches {@code args} and returns the answer it got, as RESP text. */
    private String send(String... args) {
        int before = client.answers().size();
        dispatcher.handle(client, RecordingClient.request(args));
        return client.answers().size() > before ? client.lastAnswer() : null;
    }

    @Test
    void pingAnswersPong() {
        assertThat(send("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void pingEchoesItsMessage() {
        assertThat(send("PING", "hello")).isEqualTo("$5\r\nhello\r\n");
    }

    @Test
    void pingWithTwoMessagesIsWrongArity() {
        assertThat(send("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
    }

    @Test
    void echoAnswersItsArgument() {
        assertThat(send("ECHO", "hello world")).isEqualTo("$11\r\nhello world\r\n");
    }

    @Test
    void echoWithoutArgumentIsWrongArity() {
        assertThat(send("ECHO")).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
    }

    @Test
    void quitAnswersOkAndCloses() {
        assertThat(send("QUIT")).isEqualTo("+OK\r\n");
        assertThat(client.closed()).isTrue();
    }

    @Test
    void selectChangesTheClientsDatabase() {
        assertThat(send("SELECT", "3")).isEqualTo("+OK\r\n");
        assertThat(client.state().database()).isEqualTo(3);
    }

    @Test
    void selectOutOfRangeIsRefused() {
        assertThat(send("SELECT", "16")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(send("SELECT", "-1")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(client.state().database()).isEqualTo(-1);
    }

    @Test
    void selectOfAHugeNumberSaysTheIntRange() {
        assertThat(send("SELECT", "99999999999"))
                .isEqualTo("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
    }

    @Test
    void selectOfANonNumberIsNotAnInteger() {
        assertThat(send("SELECT", "one")).isEqualTo("-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void selectOtherThanZeroIsRefusedInClusterMode() {
        inClusterMode();
        assertThat(send("SELECT", "1")).isEqualTo("-ERR SELECT is not allowed in cluster mode\r\n");
        assertThat(send("SELECT", "0")).isEqualTo("+OK\r\n");
    }

    @Test
    void resetClearsNameAndDatabaseAndAnswersReset() {
        send("CLIENT", "SETNAME", "app");
        send("SELECT", "3");
        assertThat(send("RESET")).isEqualTo("+RESET\r\n");
        assertThat(client.state().name()).isNull();
        assertThat(client.state().database()).isEqualTo(-1);
        assertThat(client.user()).as("no login needed: still the default user").isSameAs(Authenticator.UNRESTRICTED);
    }

    @Test
    void resetLogsTheClientOutWhenALoginIsNeeded() {
        withLogin();
        assertThat(send("AUTH", "secret")).isEqualTo("+OK\r\n");
        assertThat(send("RESET")).isEqualTo("+RESET\r\n");
        assertThat(client.user()).isNull();
        assertThat(client.logoutCount()).isEqualTo(1);
    }

    @Test
    void clientIdIsTheClientsId() {
        assertThat(send("CLIENT", "ID")).isEqualTo(":7\r\n");
    }

    @Test
    void clientSetnameThenGetname() {
        assertThat(send("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
        assertThat(send("CLIENT", "SETNAME", "app")).isEqualTo("+OK\r\n");
        assertThat(send("CLIENT", "GETNAME")).isEqualTo("$3\r\napp\r\n");
    }

    @Test
    void clientSetnameToEmptyClearsTheName() {
        send("CLIENT", "SETNAME", "app");
        assertThat(send("CLIENT", "SETNAME", "")).isEqualTo("+OK\r\n");
        assertThat(send("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
    }

    @Test
    void clientSetnameWithSpaceIsRefused() {
        assertThat(send("CLIENT", "SETNAME", "a b"))
                .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertThat(client.state().name()).isNull();
    }

    @Test
    void clientSetnameWithExtraArgumentIsWrongArityOfTheSubcommand() {
        assertThat(send("CLIENT", "SETNAME", "a", "b"))
                .isEqualTo("-ERR wrong number of arguments for 'client|setname' command\r\n");
    }

    @Test
    void clientSetinfoIsAccepted() {
        assertThat(send("CLIENT", "SETINFO", "lib-name", "jedis")).isEqualTo("+OK\r\n");
        assertThat(send("CLIENT", "SETINFO", "LIB-VER", "5.1.0")).isEqualTo("+OK\r\n");
    }

    @Test
    void clientSetinfoOfAnUnknownAttributeIsRefused() {
        assertThat(send("CLIENT", "SETINFO", "color", "red")).isEqualTo("-ERR Unrecognized option 'color'\r\n");
    }

    @Test
    void clientPauseIsRefusedAsActingOnPooledConnections() {
        assertThat(send("CLIENT", "PAUSE", "100")).startsWith("-ERR CLIENT PAUSE is not supported by Slotway");
        assertThat(client.forwards()).isEmpty();
    }

    @Test
    void clientInfoDescribesTheCaller() {
        client.state().name("me".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(send("CLIENT", "INFO")).contains("id=7 addr=127.0.0.1:50000 laddr=127.0.0.1:6380 fd=-1 name=me ")
                .contains(" flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 ")
                .endsWith(" user=default redir=-1 resp=2\n\r\n");
    }

    @Test
    void unknownClientSubcommandGetsRedisError() {
        assertThat(send("CLIENT", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
    }

    @Test
    void helloTwoDescribesTheConnection() {
        assertThat(send("HELLO", "2")).isEqualTo("*14\r\n"
                + "$6\r\nserver\r\n$5\r\nredis\r\n"
                + "$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                + "$5\r\nproto\r\n:2\r\n"
                + "$2\r\nid\r\n:7\r\n"
                + "$4\r\nmode\r\n$10\r\nstandalone\r\n"
                + "$4\r\nrole\r\n$6\r\nmaster\r\n"
                + "$7\r\nmodules\r\n*0\r\n");
    }

    @Test
    void helloThreeSwitchesToResp3AndAnswersAMap() {
        assertThat(send("HELLO", "3")).isEqualTo("%7\r\n"
                + "$6\r\nserver\r\n$5\r\nredis\r\n"
                + "$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                + "$5\r\nproto\r\n:3\r\n"
                + "$2\r\nid\r\n:7\r\n"
                + "$4\r\nmode\r\n$10\r\nstandalone\r\n"
                + "$4\r\nrole\r\n$6\r\nmaster\r\n"
                + "$7\r\nmodules\r\n*0\r\n");
        assertThat(client.state().protocol()).isEqualTo(3);
        assertThat(send("CLIENT", "GETNAME")).isEqualTo("_\r\n");
        assertThat(send("HELLO", "2")).startsWith("*14\r\n");
        assertThat(send("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
    }

    @Test
    void helloOfAnotherVersionIsNoproto() {
        assertThat(send("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(client.state().protocol()).isEqualTo(2);
    }

    @Test
    void resetReturnsAResp3ClientToResp2() {
        send("HELLO", "3");
        assertThat(send("RESET")).isEqualTo("+RESET\r\n");
        assertThat(client.state().protocol()).isEqualTo(2);
    }

    @Test
    void helloWithANonNumericVersionIsRefused() {
        assertThat(send("HELLO", "two")).isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
    }

    @Test
    void helloAuthWithMissingPasswordIsASyntaxError() {
        assertThat(send("HELLO", "2", "AUTH", "default"))
                .isEqualTo("-ERR Syntax error in HELLO option 'AUTH'\r\n");
    }

    @Test
    void helloAuthLogsIn() {
        withLogin();
        assertThat(send("HELLO", "2", "AUTH", "app", "app-pass")).startsWith("*14\r\n");
        assertThat(client.user().name()).isEqualTo("app");
    }

    @Test
    void helloAuthLogsInBeforeALaterOptionsSyntaxErrorAsRedisSevenDoes() {
        withLogin();
        assertThat(send("HELLO", "2", "AUTH", "default", "secret", "FOO"))
                .isEqualTo("-ERR Syntax error in HELLO option 'FOO'\r\n");
        assertThat(client.user()).isNotNull();
    }

    @Test
    void helloBeforeLoginIsNoauth() {
        withLogin();
        assertThat(send("HELLO", "2")).startsWith("-NOAUTH HELLO must be called with the client already authenticated");
    }

    @Test
    void helloSetnameNamesTheClient() {
        assertThat(send("HELLO", "2", "SETNAME", "app")).startsWith("*14\r\n");
        assertThat(send("CLIENT", "GETNAME")).isEqualTo("$3\r\napp\r\n");
    }

    @Test
    void authWithoutConfiguredPasswordGetsRedisText() {
        assertThat(send("AUTH", "secret")).isEqualTo("-ERR AUTH <password> called without any password configured "
                + "for the default user. Are you sure your configuration is correct?\r\n");
    }

    @Test
    void authAsDefaultUserWithoutConfiguredPasswordIsOk() {
        assertThat(send("AUTH", "default", "anything")).isEqualTo("+OK\r\n");
        assertThat(send("AUTH", "app", "anything"))
                .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    }

    @Test
    void authWithRightPasswordLogsIn() {
        withLogin();
        assertThat(client.user()).isNull();
        assertThat(send("AUTH", "secret")).isEqualTo("+OK\r\n");
        assertThat(client.user().name()).isEqualTo("default");
    }

    @Test
    void authWithUsernameLogsInAsThatUser() {
        withLogin();
        assertThat(send("AUTH", "app", "app-pass")).isEqualTo("+OK\r\n");
        assertThat(client.user().name()).isEqualTo("app");
    }

    @Test
    void authWithWrongPasswordIsWrongpassAndCounted() {
        withLogin();
        assertThat(send("AUTH", "guess"))
                .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(client.authFailedCount()).isEqualTo(1);
        assertThat(client.user()).isNull();
    }

    @Test
    void authWithFourArgumentsIsASyntaxError() {
        withLogin();
        assertThat(send("AUTH", "a", "b", "c")).isEqualTo("-ERR syntax error\r\n");
        assertThat(client.authFailedCount()).isZero();
    }

    @Test
    void clusterCommandsAreRefusedWithoutACluster() {
        assertThat(send("CLUSTER", "SLOTS")).isEqualTo("-ERR This instance has cluster support disabled\r\n");
        assertThat(send("CLUSTER", "KEYSLOT", "foo")).isEqualTo("-ERR This instance has cluster support disabled\r\n");
    }

    @Test
    void clusterSlotsShowsOneNodeOwningEverySlot() {
        inClusterMode();
        String id = ClusterCommands.nodeId("127.0.0.1", 6380);
        assertThat(send("CLUSTER", "SLOTS")).isEqualTo("*1\r\n*3\r\n:0\r\n:16383\r\n"
                + "*4\r\n$9\r\n127.0.0.1\r\n:6380\r\n$40\r\n" + id + "\r\n*0\r\n");
    }

    @Test
    void clusterRepliesTakeResp3ShapesAfterHelloThree() {
        inClusterMode();
        send("HELLO", "3");
        String id = ClusterCommands.nodeId("127.0.0.1", 6380);
        assertThat(send("CLUSTER", "SLOTS")).endsWith("$40\r\n" + id + "\r\n%0\r\n");
        assertThat(send("CLUSTER", "INFO")).startsWith("=").contains("\r\ntxt:cluster_state:ok\r\n");
        assertThat(send("CLUSTER", "NODES")).startsWith("=").contains("\r\ntxt:" + id + " ");
        assertThat(send("CLUSTER", "SHARDS")).startsWith("*1\r\n%2\r\n$5\r\nslots\r\n")
                .contains("$5\r\nnodes\r\n*1\r\n%7\r\n$2\r\nid\r\n");
    }

    @Test
    void clusterNodesIsTheAddressTheClientReached() {
        inClusterMode();
        client.localAddress(new InetSocketAddress("10.1.2.3", 7000));
        assertThat(send("CLUSTER", "NODES")).contains(" 10.1.2.3:7000@7000 myself,master - 0 0 1 connected 0-16383\n");
    }

    @Test
    void clusterKeyslotComputesTheSlot() {
        inClusterMode();
        assertThat(send("CLUSTER", "KEYSLOT", "foo")).isEqualTo(":12182\r\n");
        assertThat(send("CLUSTER", "KEYSLOT", "{foo}bar")).isEqualTo(":12182\r\n");
    }

    @Test
    void clusterAddslotsIsDeniedByDefault() {
        inClusterMode();
        assertThat(send("CLUSTER", "ADDSLOTS", "1"))
                .isEqualTo("-ERR 'CLUSTER ADDSLOTS' is denied by Slotway (commands.deny)\r\n");
        assertThat(client.deniedCount()).isEqualTo(1);
    }

    @Test
    void clusterFailoverIsDeniedByDefault() {
        inClusterMode();
        assertThat(send("CLUSTER", "FAILOVER"))
                .isEqualTo("-ERR 'CLUSTER FAILOVER' is denied by Slotway (commands.deny)\r\n");
    }

    @Test
    void clusterLinksIsRefusedAsSlotwayIsOneNode() {
        inClusterMode();
        assertThat(send("CLUSTER", "LINKS")).isEqualTo(
                "-ERR CLUSTER LINKS is not supported by Slotway: it presents the cluster as one node\r\n");
    }

    @Test
    void readonlyIsOkInClusterMode() {
        inClusterMode();
        assertThat(send("READONLY")).isEqualTo("+OK\r\n");
    }

    @Test
    void readonlyIsRefusedWithoutACluster() {
        assertThat(send("READONLY")).isEqualTo("-ERR This instance has cluster support disabled\r\n");
    }

    @Test
    void commandCountIsTheTablesSize() {
        assertThat(send("COMMAND", "COUNT")).isEqualTo(":" + TABLE.size() + "\r\n");
    }

    @Test
    void commandWithoutArgumentsListsTheWholeTable() {
        assertThat(send("COMMAND")).startsWith("*" + TABLE.size() + "\r\n");
    }

    @Test
    void commandInfoOfUnknownCommandIsNull() {
        assertThat(send("COMMAND", "INFO", "nosuch")).isEqualTo("*1\r\n$-1\r\n");
    }

    @Test
    void commandInfoKeepsTheOrderAsked() {
        assertThat(send("COMMAND", "INFO", "nosuch", "get")).startsWith("*2\r\n$-1\r\n*").contains("$3\r\nget\r\n");
    }

    @Test
    void commandGetkeysIsForwarded() {
        assertThat(send("COMMAND", "GETKEYS", "GET", "k")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("COMMAND GETKEYS GET k");
    }

    @Test
    void commandWithUnknownSubcommandGetsRedisError() {
        assertThat(send("COMMAND", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n");
        assertThat(client.forwards()).isEmpty();
    }
}
