package io.slotway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            listen: 127.0.0.1:6380
            upstreams:
              main:
                mode: standalone
                nodes: ["127.0.0.1:6379"]
            routes:
              default: main
            """;

    @Test
    void minimalConfigGetsDefaults() throws ConfigException {
        SlotwayConfig config = ConfigLoader.parse(MINIMAL, "test");
        assertThat(config.listen()).isEqualTo(new HostAndPort("127.0.0.1", 6380));
        UpstreamConfig main = config.upstreams().get("main");
        assertThat(main.mode()).isEqualTo(UpstreamMode.STANDALONE);
        assertThat(main.nodes()).containsExactly(NodeConfig.of(new HostAndPort("127.0.0.1", 6379)));
        assertThat(main.database()).isZero();
        assertThat(main.connectionsPerNode()).isEqualTo(1);
        assertThat(main.timeouts()).isEqualTo(TimeoutsConfig.DEFAULTS);
        assertThat(config.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.limits()).isEqualTo(new LimitsConfig(512 << 20, 1 << 20, 64 << 10, 10_000, 64L << 20,
                10_000, 1 << 20, 1L << 30, Duration.ZERO, 256, 32L << 20, 8L << 20, Duration.ofSeconds(60), 1_000_000,
                10_000));
        assertThat(config.routes().defaultUpstream()).isEqualTo("main");
    }

    @Test
    void adminIsOffUnlessConfiguredAndMonitoringHasDefaults() throws ConfigException {
        SlotwayConfig config = ConfigLoader.parse(MINIMAL, "test");
        assertThat(config.admin()).isEmpty();
        assertThat(config.monitoring()).isEqualTo(new MonitoringConfig(Duration.ofMillis(10), 128,
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void adminGivenAPortAloneListensOnLoopback() throws ConfigException {
        SlotwayConfig config = ConfigLoader.parse(MINIMAL + "admin: 9121\n", "test");
        assertThat(config.admin().orElseThrow().listen()).isEqualTo(new HostAndPort("127.0.0.1", 9121));
        assertThat(config.admin().orElseThrow().token()).isEmpty();
    }

    @Test
    void adminTokenMayComeFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-file\n");
        SlotwayConfig config = ConfigLoader.parse(MINIMAL + "admin:\n  listen: 0.0.0.0:9121\n  token_file: "
                + file + "\n", "test");
        assertThat(config.admin().orElseThrow().listen()).isEqualTo(new HostAndPort("0.0.0.0", 9121));
        assertThat(config.admin().orElseThrow().token().orElseThrow().value()).isEqualTo("from-file");
    }

    @Test
    void badAdminAndMonitoringValuesNameTheirPaths() {
        assertThat(problems(MINIMAL + "admin: nowhere\nmonitoring:\n  slowlog_size: 0\n  colour: blue\n"))
                .anySatisfy(problem -> assertThat(problem).startsWith("admin: "))
                .contains("monitoring.slowlog_size: 0 (expected: 1..100000)", "monitoring.colour: unknown key");
    }

    @Test
    void transportIsAutoUnlessOneIsNamedAndAnUnknownOneIsAnError() throws ConfigException {
        assertThat(ConfigLoader.parse(MINIMAL, "test").transport()).isEqualTo(TransportChoice.AUTO);
        assertThat(ConfigLoader.parse(MINIMAL + "transport: io_uring\n", "test").transport())
                .isEqualTo(TransportChoice.IO_URING);
        assertThat(problems(MINIMAL + "transport: kqueue\n"))
                .contains("transport: 'kqueue' (expected: auto, io_uring, epoll or nio)");
    }

    @Test
    void commandPolicyNamesAreNormalizedAndUnknownOnesAreErrors() throws ConfigException {
        SlotwayConfig config = ConfigLoader.parse(MINIMAL + "commands:\n  allow: [DEBUG, \"Config  Set\"]\n", "test");
        assertThat(config.commands().allow()).containsExactly("debug", "config|set");
        assertThat(config.commands().deny()).isEqualTo(CommandsConfig.DEFAULT_DENY);
        assertThat(problems(MINIMAL + "commands:\n  deny: [flushall, flushal]\n"))
                .containsExactly("commands.deny[1]: unknown command 'flushal' (expected a Redis command, a "
                        + "subcommand as 'config set')");
    }

    @Test
    void authUsersNeedAPasswordAndValidRules() {
        assertThat(problems(MINIMAL + "auth:\n  users:\n    app:\n      commands: \"+@reed\"\n"))
                .containsExactlyInAnyOrder("auth.users.app.password: missing (expected: password, password_env or "
                                + "password_file)",
                        "auth.users.app.commands: '+@reed': unknown category @reed",
                        "auth.passwords: no password and no user (expected: at least one)");
    }

    @Test
    void authPasswordsAreAListForRotationPlusOneFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\n");
        SlotwayConfig config = ConfigLoader.parse(MINIMAL + "auth:\n  passwords: [a, b]\n  password_file: " + file
                + "\n", "test");
        assertThat(config.auth().orElseThrow().passwords()).extracting(Secret::value)
                .containsExactly("a", "b", "from-file");
    }

    @Test
    void tlsListenerNeedsReadableCertAndKeyAndClientCertificatesNeedAClientCa(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("server.crt"), "pem");
        assertThat(problems(MINIMAL + "tls:\n  cert: " + cert + "\n  key: " + dir.resolve("absent.key")
                + "\n  client_certificates: require\n  provider: boring\n"))
                .containsExactlyInAnyOrder(
                        "tls.key: " + dir.resolve("absent.key") + ": no such file (expected: the certificate's "
                                + "private key (PEM, PKCS#8))",
                        "tls.client_certificates: require without client_ca (expected: client_ca as well)",
                        "tls.provider: 'boring' (expected: auto, openssl or jdk)");
    }

    @Test
    void tlsClientCaMeansClientCertificatesAreRequiredUnlessSaidOtherwise(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.pem"), "pem");
        String tls = "tls:\n  cert: " + file + "\n  key: " + file + "\n  client_ca: " + file + "\n";
        assertThat(ConfigLoader.parse(MINIMAL + tls, "test").tls().orElseThrow().clientCertificates())
                .isEqualTo(ServerTlsConfig.ClientCertificates.REQUIRE);
        assertThat(ConfigLoader.parse(MINIMAL + tls + "  client_certificates: optional\n", "test").tls()
                .orElseThrow().clientCertificates()).isEqualTo(ServerTlsConfig.ClientCertificates.OPTIONAL);
        assertThat(ConfigLoader.parse(MINIMAL, "test").tls()).isEmpty();
    }

    @Test
    void upstreamTlsIsTrueForDefaultsOrAMappingWithCertAndKeyTogether(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.pem"), "pem");
        UpstreamConfig plain = ConfigLoader.parse(MINIMAL, "test").upstreams().get("main");
        assertThat(plain.tls()).isEmpty();
        UpstreamConfig defaults = ConfigLoader.parse(MINIMAL.replace("mode: standalone",
                "mode: standalone\n    tls: true"), "test").upstreams().get("main");
        assertThat(defaults.tls()).contains(UpstreamTlsConfig.DEFAULTS);
        UpstreamConfig named = ConfigLoader.parse(MINIMAL.replace("mode: standalone",
                "mode: standalone\n    tls:\n      ca: " + file + "\n      server_name: redis.internal"), "test")
                .upstreams().get("main");
        assertThat(named.tls().orElseThrow().serverName()).contains("redis.internal");
        assertThat(named.tls().orElseThrow().verifyHostname()).isTrue();
        assertThat(problems(MINIMAL.replace("mode: standalone", "mode: standalone\n    tls:\n      cert: " + file
                + "\n      verify_hostname: sometimes")))
                .containsExactlyInAnyOrder("upstreams.main.tls.cert: set without key (expected: both or neither)",
                        "upstreams.main.tls.verify_hostname: 'sometimes' (expected: true or false)");
        assertThat(problems(MINIMAL.replace("mode: standalone",
                "mode: standalone\n    tls:\n      server_name: redis_1")))
                .singleElement().asString().startsWith("upstreams.main.tls.server_name: 'redis_1' is not a host name");
    }

    @Test
    void portOutOfRangeNamesThePathAndTheBound() {
        assertThat(problems(MINIMAL.replace("127.0.0.1:6379\"]", "127.0.0.1:70000\"]")))
                .contains("upstreams.main.nodes[0]: port 70000 (expected: 1..65535)");
    }

    @Test
    void standaloneWithTwoNodesIsRefusedAndEveryBadNodeIsNamed() {
        assertThat(problems(MINIMAL.replace("\"127.0.0.1:6379\"]", "\"127.0.0.1:6379\", \"127.0.0.1:70000\"]")))
                .containsExactlyInAnyOrder("upstreams.main.nodes[1]: port 70000 (expected: 1..65535)",
                        "upstreams.main.nodes: 2 nodes (expected: exactly 1 for mode standalone)");
    }

    @Test
    void unknownKeyIsAnError() {
        assertThat(problems(MINIMAL + "colour: blue\n")).containsExactly("colour: unknown key");
        assertThat(problems(MINIMAL.replace("mode: standalone", "mode: standalone\n    colour: blue")))
                .containsExactly("upstreams.main.colour: unknown key");
    }

    @Test
    void missingModeIsAnErrorWithTheChoices() {
        assertThat(problems(MINIMAL.replace("    mode: standalone\n", "")))
                .containsExactly("upstreams.main.mode: missing (expected: standalone, sharded or cluster)");
    }

    @Test
    void clusterOnlyHasDatabaseZero() {
        assertThat(problems(MINIMAL.replace("mode: standalone", "mode: cluster\n    database: 2")))
                .containsExactly("upstreams.main.database: 2 (expected: 0, Redis Cluster has only database 0)");
    }

    @Test
    void optionsOfAnotherModeAreRefused() {
        assertThat(problems(MINIMAL.replace("mode: standalone", "mode: standalone\n    max_redirects: 3")))
                .containsExactly("upstreams.main.max_redirects: only applies to mode cluster");
        assertThat(problems(MINIMAL.replace("mode: standalone", "mode: standalone\n    hash: murmur3")))
                .containsExactly("upstreams.main.hash: only applies to mode sharded");
    }

    @Test
    void undefinedDefaultRouteListsTheUpstreams() {
        assertThat(problems(MINIMAL.replace("default: main", "default: cache")))
                .containsExactly("routes.default: upstream 'cache' is not defined (expected one of: main)");
    }

    @Test
    void badDurationAndSizeStateTheExpectedForm() {
        assertThat(problems(MINIMAL + "timeouts:\n  command: 5 parsecs\nlimits:\n  max_bulk_length: 600mb\n"))
                .containsExactlyInAnyOrder(
                        "timeouts.command: '5 parsecs' is not a duration (expected e.g. 500ms, 1s, 2m)",
                        "limits.max_bulk_length: 600mb (expected: 1..512mb)");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        String bad = """
                listen: nowhere
                upstreams:
                  main:
                    nodes: ["127.0.0.1:0"]
                    database: -1
                routes: {}
                shutdown:
                  drain_timeout: 2h
                """;
        assertThat(problems(bad)).containsExactlyInAnyOrder(
                "listen: 'nowhere' is not host:port (expected e.g. 127.0.0.1:6379)",
                "upstreams.main.mode: missing (expected: standalone, sharded or cluster)",
                "upstreams.main.nodes[0]: port 0 (expected: 1..65535)",
                "upstreams.main.database: -1 (expected: 0..1000000)",
                "routes.default: missing (expected: the name of an upstream)",
                "shutdown.drain_timeout: 2h (expected: 0s..1h)");
    }

    @Test
    void upstreamTimeoutsOverrideTheGlobalOnes() throws ConfigException {
        SlotwayConfig config = ConfigLoader.parse(MINIMAL.replace("mode: standalone",
                "mode: standalone\n    timeouts:\n      command: 250ms") + "timeouts:\n  connect: 3s\n", "test");
        assertThat(config.upstreams().get("main").timeouts())
                .isEqualTo(new TimeoutsConfig(Duration.ofSeconds(3), Duration.ofMillis(250), Duration.ofSeconds(10),
                        Duration.ofSeconds(1)));
    }

    @Test
    void passwordNeverAppearsInToString() throws ConfigException {
        SlotwayConfig config = ConfigLoader.parse(MINIMAL.replace("mode: standalone",
                "mode: standalone\n    password: hunter2"), "test");
        assertThat(config.upstreams().get("main").password()).hasValue(new Secret("hunter2"));
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void passwordFromEnvironmentVariable() throws ConfigException {
        SlotwayConfig config = ConfigLoader.parse(MINIMAL.replace("mode: standalone",
                "mode: standalone\n    password_env: PATH"), "test");
        assertThat(config.upstreams().get("main").password().orElseThrow().value()).isEqualTo(System.getenv("PATH"));
        assertThat(problems(MINIMAL.replace("mode: standalone",
                "mode: standalone\n    password_env: SLOTWAY_SURELY_UNSET")))
                .containsExactly("upstreams.main.password_env: environment variable SLOTWAY_SURELY_UNSET is not set");
    }

    @Test
    void passwordFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "s3cret\n");
        SlotwayConfig config = ConfigLoader.parse(MINIMAL.replace("mode: standalone",
                "mode: standalone\n    password_file: " + file), "test");
        assertThat(config.upstreams().get("main").password().orElseThrow().value()).isEqualTo("s3cret");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        assertThat(problems("listen: [unclosed\n")).singleElement().asString().startsWith("test: line ");
    }

    @Test
    void ipv6ListenAddressParses() throws ConfigException {
        SlotwayConfig config = ConfigLoader.parse(MINIMAL.replace("127.0.0.1:6380", "\"[::1]:6380\""), "test");
        assertThat(config.listen().toString()).isEqualTo("[::1]:6380");
    }

    private static java.util.List<String> problems(String yaml) {
        try {
            ConfigLoader.parse(yaml, "test");
        } catch (ConfigException e) {
            return e.problems();
        }
        assertThatThrownBy(() -> { }).as("expected a ConfigException").isNotNull();
        return java.util.List.of();
    }
}
