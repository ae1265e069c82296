package io.slotway.dispatch;

import io.slotway.auth.Authenticator;
import io.slotway.blocking.BlockingCommands;
import io.slotway.command.CommandTable;
import io.slotway.config.AuthConfig;
import io.slotway.config.CommandsConfig;
import io.slotway.config.Secret;
import io.slotway.fault.Faults;
import io.slotway.forward.MirrorTraffic;
import io.slotway.forward.Mirrors;
import io.slotway.local.LocalCommands;
import io.slotway.local.ServerFacts;
import io.slotway.protocol.Request;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the dispatcher does with each kind of request before any handler runs, and which handler it picks. */
class CommandDispatcherTest {
    /** Transactions only read its topology here. */
    static final Routes ROUTES = TestRoutes.unconnectedStandalone();


    private static final CommandTable TABLE = CommandTable.standard();
    private static final ServerFacts FACTS = new ServerFacts("7.0.15", 16, false);
    private static final AuthConfig AUTH = new AuthConfig(List.of(new Secret("secret")),
            Map.of("reader", new AuthConfig.UserConfig("reader", new Secret("reader-pass"), "+@read")));

    /** The entry each forwarded request was handed with. */
    private final List<String> forwardedSpecs = new ArrayList<>();
    private RecordingClient client = new RecordingClient(1, null);
    private CommandDispatcher dispatcher = dispatcher(CommandsConfig.DEFAULTS, null);

    /** As GenerationBuilder builds it; the forward handler records, then the client releases the request. */
    private CommandDispatcher dispatcher(CommandsConfig commands, Authenticator authenticator) {
        return new CommandDispatcher(TABLE, ROUTES, new Faults(List.of(), TABLE), commands, 
                new LocalCommands(TABLE, FACTS, authenticator, new NoClients()),
                (client, request, spec) -> {
                    forwardedSpecs.add(spec.name());
                    client.forward(request, null, null);
                }, new Transactions(ROUTES, new Mirrors(new MirrorTraffic(), 100),
                        10_000, TABLE.lookup("ping"), TABLE.lookup("select"), 16, false),
                new BlockingCommands(), new PubSub(ROUTES, 256, new Hubs()),
                new MonitorCommand(new Monitors(), 0, 0),
                new TrackingCommands(ROUTES, new Trackings(), 1000, 16), authenticator);
    }

    private void withLogin() {
        Authenticator authenticator = new Authenticator(AUTH, TABLE);
        client = new RecordingClient(1, authenticator);
        dispatcher = dispatcher(CommandsConfig.DEFAULTS, authenticator);
    }

    /** Dispatches {@code args} and returns the answer it got as RESP text, or null if it got none (yet). */
    private String send(String... args) {
        int before = client.answers().size();
        dispatcher.handle(client, RecordingClient.request(args));
        return client.answers().size() > before ? client.lastAnswer() : null;
    }

    @Test
    void unknownCommandGetsRedisErrorAndNothingIsForwarded() {
        assertThat(send("FOO", "a", "b"))
                .isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n");
        assertThat(client.forwards()).isEmpty();
        assertThat(client.started()).containsExactly((String) null);
    }

    @Test
    void wrongArityGetsRedisError() {
        assertThat(send("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(client.forwards()).isEmpty();
    }

    @Test
    void ordinaryCommandIsForwarded() {
        assertThat(send("GET", "k")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("GET k");
        assertThat(forwardedSpecs).containsExactly("get");
    }

    @Test
    void commandNamesAreCaseInsensitive() {
        assertThat(send("gEt", "k")).isNull();
        assertThat(forwardedSpecs).containsExactly("get");
    }

    @Test
    void subcommandIsForwardedWithItsOwnEntry() {
        assertThat(send("CONFIG", "GET", "maxmemory")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("CONFIG GET maxmemory");
        assertThat(forwardedSpecs).containsExactly("config|get");
        assertThat(client.started()).containsExactly("config", "config|get");
    }

    @Test
    void wrongArityOfASubcommandNamesTheSubcommand() {
        assertThat(send("CONFIG", "GET")).isEqualTo("-ERR wrong number of arguments for 'config|get' command\r\n");
        assertThat(client.forwards()).isEmpty();
    }

    @Test
    void monitorIsDeniedByDefault() {
        assertThat(send("MONITOR")).isEqualTo("-ERR 'MONITOR' is denied by Slotway (commands.deny)\r\n");
        assertThat(client.state().mode()).isEqualTo(io.slotway.session.ClientMode.NORMAL);
    }

    @Test
    void deniedCommandIsRefusedAndCounted() {
        assertThat(send("DEBUG", "SLEEP", "0")).isEqualTo("-ERR 'DEBUG' is denied by Slotway (commands.deny)\r\n");
        assertThat(client.deniedCount()).isEqualTo(1);
        assertThat(client.forwards()).isEmpty();
    }

    @Test
    void deniedSubcommandIsRefusedByItsName() {
        assertThat(send("CONFIG", "SET", "maxmemory", "0"))
                .isEqualTo("-ERR 'CONFIG SET' is denied by Slotway (commands.deny)\r\n");
        assertThat(client.deniedCount()).isEqualTo(1);
    }

    @Test
    void allowingAContainerLiftsItsDeniedSubcommands() {
        dispatcher = dispatcher(new CommandsConfig(true, CommandsConfig.DEFAULT_DENY, List.of("config")), null);
        assertThat(send("CONFIG", "SET", "maxmemory", "0")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("CONFIG SET maxmemory 0");
        assertThat(client.deniedCount()).isZero();
    }

    @Test
    void allowingOneSubcommandOfADeniedContainerLiftsOnlyIt() {
        dispatcher = dispatcher(new CommandsConfig(true, List.of("config"), List.of("config|get")), null);
        assertThat(send("CONFIG", "GET", "maxmemory")).isNull();
        assertThat(send("CONFIG", "SET", "maxmemory", "0"))
                .isEqualTo("-ERR 'CONFIG SET' is denied by Slotway (commands.deny)\r\n");
        assertThat(client.forwardedCommands()).containsExactly("CONFIG GET maxmemory");
    }

    @Test
    void keysIsRefusedWhenTheKeysPolicyDenies() {
        dispatcher = dispatcher(new CommandsConfig(false, CommandsConfig.DEFAULT_DENY, List.of()), null);
        assertThat(send("KEYS", "*"))
                .isEqualTo("-ERR KEYS is disabled here (commands.keys_policy: deny); iterate with SCAN\r\n");
        assertThat(client.forwards()).isEmpty();
    }

    @Test
    void keysIsForwardedWhenTheKeysPolicyAllows() {
        assertThat(send("KEYS", "*")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("KEYS *");
    }

    @Test
    void watchIsPinnedAndBlockingCommandsGoDedicatedWithTheirOwnTimeoutPlusGrace() {
        assertThat(send("WATCH", "k")).isNull();
        assertThat(send("BLPOP", "l", "1.5")).isNull();
        assertThat(send("BLPOP", "l", "0")).isNull();
        assertThat(send("BZMPOP", "2", "1", "z", "MIN")).isNull();
        assertThat(client.dedicated()).extracting(RecordingClient.Forward::command).containsExactly(
                "PIN 1000 WATCH k", "BLOCKING 2500 BLPOP l 1.5", "BLOCKING 0 BLPOP l 0",
                "BLOCKING 3000 BZMPOP 2 1 z MIN");
        assertThat(client.forwards()).isEmpty();
    }

    @Test
    void waitIsRefusedWithItsReason() {
        assertThat(send("WAIT", "1", "0")).startsWith("-ERR WAIT is not supported by Slotway: it counts the replicas");
        assertThat(client.forwards()).isEmpty();
        assertThat(client.deniedCount()).as("refused as unsupported, not by commands.deny").isZero();
    }

    @Test
    void unsubscribeWithoutSubscriptionsIsAcknowledgedWithCountZeroAsRedisDoes() {
        assertThat(send("UNSUBSCRIBE")).isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
        assertThat(send("PUNSUBSCRIBE", "a*", "b*")).isEqualTo("*3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n"
                + "*3\r\n$12\r\npunsubscribe\r\n$2\r\nb*\r\n:0\r\n");
        assertThat(client.forwards()).isEmpty();
    }

    @Test
    void xreadWithoutBlockIsForwardedAndWithBlockGoesDedicated() {
        assertThat(send("XREAD", "COUNT", "1", "STREAMS", "s", "0")).isNull();
        assertThat(send("XREAD", "block", "200", "STREAMS", "s", "0")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("XREAD COUNT 1 STREAMS s 0");
        assertThat(client.dedicated()).extracting(RecordingClient.Forward::command)
                .containsExactly("BLOCKING 1200 XREAD block 200 STREAMS s 0");
    }

    @Test
    void xreadOfAStreamNamedBlockIsForwarded() {
        assertThat(send("XREAD", "STREAMS", "BLOCK", "0")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("XREAD STREAMS BLOCK 0");
    }

    @Test
    void beforeLoginOnlyAuthHelloAndQuitRun() {
        withLogin();
        assertThat(send("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(send("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(client.forwards()).isEmpty();
        assertThat(send("AUTH", "secret")).isEqualTo("+OK\r\n");
        assertThat(send("GET", "k")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("GET k");
    }

    @Test
    void quitRunsBeforeLogin() {
        withLogin();
        assertThat(send("QUIT")).isEqualTo("+OK\r\n");
        assertThat(client.closed()).isTrue();
    }

    @Test
    void userWithoutPermissionGetsNoperm() {
        withLogin();
        assertThat(send("AUTH", "reader", "reader-pass")).isEqualTo("+OK\r\n");
        assertThat(send("SET", "k", "v"))
                .isEqualTo("-NOPERM this user has no permissions to run the 'set' command\r\n");
        assertThat(send("GET", "k")).isNull();
        assertThat(client.forwardedCommands()).containsExactly("GET k");
    }

    /** Redis skips the ACL check for its no_auth commands, so any user can AUTH as another (and run HELLO). */
    @Test
    void userWithoutPermissionCanStillAuthenticateAsAnotherUser() {
        withLogin();
        send("AUTH", "reader", "reader-pass");
        assertThat(send("AUTH", "secret")).isEqualTo("+OK\r\n");
        assertThat(client.user().name()).isEqualTo("default");
    }

    @Test
    void execSendsMultiTheQueuedCommandsAndExecAsOneUnit() {
        assertThat(send("MULTI")).isEqualTo("+OK\r\n");
        assertThat(send("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
        assertThat(send("PING")).as("queued for Redis, not answered here").isEqualTo("+QUEUED\r\n");
        assertThat(send("EXEC")).isNull();
        assertThat(client.units()).containsExactly("4 *1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
                + "*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nEXEC\r\n");
        assertThat(client.forwards()).isEmpty();
        assertThat(send("PING")).as("back to answering on its own").isEqualTo("+PONG\r\n");
    }

    @Test
    void selectInsideMultiRunsInTheUnitAndASelectBackFollowsExec() {
        assertThat(send("MULTI")).isEqualTo("+OK\r\n");
        assertThat(send("SELECT", "3")).isEqualTo("+QUEUED\r\n");
        assertThat(send("GET", "k")).isEqualTo("+QUEUED\r\n");
        assertThat(send("EXEC")).isNull();
        assertThat(client.units()).as("5 replies, EXEC's (index 3) answers").containsExactly(
                "5@3 *1\r\n$5\r\nMULTI\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
                        + "*1\r\n$4\r\nEXEC\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
    }

    @Test
    void watchThenMultiSendsExecOnThePinnedConnection() {
        assertThat(send("WATCH", "k")).isNull();
        assertThat(send("MULTI")).isEqualTo("+OK\r\n");
        assertThat(send("INCR", "k")).isEqualTo("+QUEUED\r\n");
        assertThat(send("EXEC")).isNull();
        assertThat(client.dedicated()).extracting(RecordingClient.Forward::command).containsExactly(
                "PIN 1000 WATCH k",
                "UNPIN 1000 3 *1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n*1\r\n$4\r\nEXEC\r\n");
        assertThat(client.unpins()).as("the EXEC took the pin; ending the transaction lets go of nothing more")
                .isEqualTo(1);
    }

    @Test
    void unwatchAndDiscardEndTheWatchWithoutSendingAnything() {
        assertThat(send("WATCH", "k")).isNull();
        assertThat(send("UNWATCH")).isEqualTo("+OK\r\n");
        assertThat(client.unpins()).isEqualTo(1);
        assertThat(send("WATCH", "k")).isNull();
        assertThat(send("MULTI")).isEqualTo("+OK\r\n");
        assertThat(send("DISCARD")).isEqualTo("+OK\r\n");
        assertThat(client.unpins()).isEqualTo(2);
        assertThat(send("UNWATCH")).as("UNWATCH with nothing watched, as Redis").isEqualTo("+OK\r\n");
        assertThat(client.dedicated()).hasSize(2);
    }

    @Test
    void aRefusalWhileQueueingAbortsTheTransactionButNestingAndWatchDoNot() {
        send("MULTI");
        assertThat(send("MULTI")).isEqualTo("-ERR MULTI calls can not be nested\r\n");
        assertThat(send("WATCH", "k")).isEqualTo("-ERR WATCH inside MULTI is not allowed\r\n");
        assertThat(send("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
        assertThat(send("DEBUG", "SLEEP", "0")).startsWith("-ERR 'DEBUG' is denied");
        assertThat(send("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
        assertThat(client.units()).isEmpty();
    }

    @Test
    void aRefusedExecEndsTheTransactionAsRedisDoes() {
        send("MULTI");
        send("SET", "k", "v");
        assertThat(send("EXEC", "now")).isEqualTo(
                "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
        assertThat(send("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
        assertThat(client.units()).isEmpty();
    }

    @Test
    void aTransactionHoldsAtMostTheConfiguredNumberOfCommands() {
        dispatcher = new CommandDispatcher(TABLE, ROUTES, new Faults(List.of(), TABLE), CommandsConfig.DEFAULTS, 
                new LocalCommands(TABLE, FACTS, null, new NoClients()),
                (client, request, spec) -> client.forward(request, null, null),
                new Transactions(ROUTES, new Mirrors(new MirrorTraffic(), 100),
                        2, TABLE.lookup("ping"), TABLE.lookup("select"), 16, false),
                new BlockingCommands(), new PubSub(ROUTES, 256, new Hubs()),
                new MonitorCommand(new Monitors(), 0, 0),
                new TrackingCommands(ROUTES, new Trackings(), 1000, 16), null);
        send("MULTI");
        send("INCR", "a");
        send("INCR", "a");
        assertThat(send("INCR", "a"))
                .isEqualTo("-ERR a transaction holds at most 2 commands (limits.max_pending_requests)\r\n");
        assertThat(send("EXEC")).startsWith("-EXECABORT");
    }

    @Test
    void everyRequestIsReleasedExactlyOnce() {
        withLogin();
        String[][] commands = {
                {"GET", "k"}, {"AUTH", "secret"}, {"GET", "k"}, {"FOO"}, {"GET"}, {"DEBUG", "SLEEP", "0"},
                {"WATCH", "k"}, {"CLIENT", "LIST"}, {"CLIENT", "FOO"}, {"CLIENT", "ID"}, {"CONFIG", "GET"}, {"PING"}};
        for (String[] command : commands) {
            Request request = RecordingClient.request(command).retain();
            int before = request.frame().refCnt();
            dispatcher.handle(client, request);
            assertThat(request.frame().refCnt()).as(String.join(" ", command)).isEqualTo(before - 1);
            request.release();
        }
    }
}
