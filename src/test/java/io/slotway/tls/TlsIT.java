package io.slotway.tls;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.demo.RedisBinary;
import io.slotway.testing.AdminClient;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestCertificates;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * TLS on both sides against real redis-servers started with {@code --tls-port} (Redis asks for client
 * certificates by default), with certificates generated per run: clients to Slotway, Slotway to Redis, and every
 * way a handshake should fail.
 */
class TlsIT {

    private static Path dir;
    private static TestCertificates ca;
    private static TestCertificates strangerCa;
    private static TestCertificates.Issued slotwayCert;
    private static TestCertificates.Issued clientCert;
    private static LocalRedis redis;
    private static int redisTlsPort;
    private static LocalRedis misnamedRedis;
    private static int misnamedTlsPort;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("slotway-tls-");
        ca = TestCertificates.newCa(dir, "main");
        strangerCa = TestCertificates.newCa(dir, "stranger");
        slotwayCert = ca.issue("slotway");
        clientCert = ca.issue("client");
        redisTlsPort = LocalRedis.freePort();
        redis = startTlsRedis(redisTlsPort, ca.issue("redis"));
        misnamedTlsPort = LocalRedis.freePort();
        misnamedRedis = startTlsRedis(misnamedTlsPort, ca.issueFor("redis-elsewhere", "redis.elsewhere.test"));
    }

    private static LocalRedis startTlsRedis(int tlsPort, TestCertificates.Issued cert) throws Exception {
        return LocalRedis.start("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", cert.cert().toString(),
                "--tls-key-file", cert.key().toString(), "--tls-ca-cert-file", ca.caFile().toString());
    }

    @AfterAll
    static void stop() {
        redis.close();
        misnamedRedis.close();
    }

    /** Slotway's side towards Redis: our CA, our client certificate. */
    private static String upstreamTls(String extra) {
        return """
                    tls:
                      ca: %s
                      cert: %s
                      key: %s
                %s""".formatted(ca.caFile(), slotwayCert.cert(), slotwayCert.key(), extra);
    }

    private static String config(int upstreamPort, String upstreamTls, String rest) {
        return """
                listen: 127.0.0.1:0
                event_loop_threads: 1
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:%d"]
                    timeouts: {connect: 2s, command: 2s}
                %s
                routes:
                  default: main
                %s
                """.formatted(upstreamPort, upstreamTls, rest);
    }

    private static String listenerTls(String provider) {
        return listenerTls(provider, slotwayCert);
    }

    private static String listenerTls(String provider, TestCertificates.Issued cert) {
        return """
                tls:
                  cert: %s
                  key: %s
                  client_ca: %s
                  provider: %s
                """.formatted(cert.cert(), cert.key(), ca.caFile(), provider);
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void clientsOverTlsReachRedisOverTls(String provider) throws Exception {
        if (provider.equals("openssl")) {
            assumeThat(OpenSsl.isAvailable()).as("netty-tcnative loads here").isTrue();
        }
        String upstream = upstreamTls("      provider: " + provider);
        try (TestSlotway slotway = TestSlotway.start(config(redisTlsPort, upstream, listenerTls(provider)));
             Jedis client = tlsJedis(slotway.port(), clientCert)) {
            assertThat(client.set("tls:" + provider, "sealed")).isEqualTo("OK");
            assertThat(client.get("tls:" + provider)).isEqualTo("sealed");
            assertThat(client.mget("tls:" + provider, "tls:absent")).containsExactly("sealed", null);
        }
        try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            assertThat(direct.get("tls:" + provider)).isEqualTo("sealed");
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void boringSslLoadsOnLinuxX86() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative-boringssl-static: %s", OpenSsl.unavailabilityCause())
                .isTrue();
    }

    @Test
    void redisCliTalksTlsToSlotway() throws Exception {
        Path cli = RedisBinary.onPath("redis-cli");
        assumeThat(cli).as("redis-cli on PATH (Debian: redis-tools)").isNotNull();
        try (TestSlotway slotway = TestSlotway.start(config(redisTlsPort, upstreamTls(""), listenerTls("auto")))) {
            String[] tls = {cli.toString(), "-h", "127.0.0.1", "-p", Integer.toString(slotway.port()), "--tls",
                    "--cacert", ca.caFile().toString(), "--cert", clientCert.cert().toString(),
                    "--key", clientCert.key().toString()};
            assertThat(run(tls, "SET", "tls:cli", "from redis-cli")).isEqualTo("OK");
            assertThat(run(tls, "GET", "tls:cli")).isEqualTo("from redis-cli");
        }
    }

    private static String run(String[] base, String... args) throws Exception {
        String[] command = new String[base.length + args.length];
        System.arraycopy(base, 0, command, 0, base.length);
        System.arraycopy(args, 0, command, base.length, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void plainTextClientOnTheTlsListenerGetsNoReply() throws Exception {
        try (TestSlotway slotway = TestSlotway.start(config(redisTlsPort, upstreamTls(""), listenerTls("auto")));
             RawClient raw = new RawClient(slotway.port())) {
            raw.send("PING\r\n");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void clientWithoutACertificateOrWithAStrangersIsRefusedAndCounted() throws Exception {
        String yaml = config(redisTlsPort, upstreamTls(""), listenerTls("auto") + "admin: 127.0.0.1:0\n");
        try (TestSlotway slotway = TestSlotway.start(yaml)) {
            AdminClient admin = new AdminClient(slotway.server().adminPort());
            assertThatThrownBy(() -> {
                try (Jedis anonymous = tlsJedis(slotway.port(), null)) {
                    anonymous.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);
            awaitBody(admin, "/metrics", "slotway_client_tls_handshake_failures_total 1.0");
            TestCertificates.Issued stranger = strangerCa.issue("stranger");
            assertThatThrownBy(() -> {
                try (Jedis impostor = tlsJedis(slotway.port(), stranger)) {
                    impostor.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);
            awaitBody(admin, "/metrics", "slotway_client_tls_handshake_failures_total 2.0");
            try (Jedis member = tlsJedis(slotway.port(), clientCert)) {
                assertThat(member.ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void optionalClientCertificatesLetClientsWithoutOneIn() throws Exception {
        String optional = listenerTls("auto") + "  client_certificates: optional\n";
        try (TestSlotway slotway = TestSlotway.start(config(redisTlsPort, upstreamTls(""), optional));
             Jedis anonymous = tlsJedis(slotway.port(), null);
             Jedis member = tlsJedis(slotway.port(), clientCert)) {
            assertThat(anonymous.ping()).isEqualTo("PONG");
            assertThat(member.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void tlsListenerBesideThePlainOne() throws Exception {
        String listeners = listenerTls("auto") + "  listen: 127.0.0.1:0\n";
        try (TestSlotway slotway = TestSlotway.start(config(redisTlsPort, upstreamTls(""), listeners))) {
            assertThat(slotway.server().tlsPort()).isPositive().isNotEqualTo(slotway.port());
            try (Jedis plain = new Jedis("127.0.0.1", slotway.port());
                 Jedis sealed = tlsJedis(slotway.server().tlsPort(), clientCert)) {
                assertThat(plain.set("tls:both", "one")).isEqualTo("OK");
                assertThat(sealed.get("tls:both")).isEqualTo("one");
            }
        }
    }

    @Test
    void reloadRotatesTheListenerCertificateForNewClients() throws Exception {
        TestCertificates nextCa = TestCertificates.newCa(dir, "next");
        TestCertificates.Issued nextCert = nextCa.issue("slotway-next");
        Path file = dir.resolve("rotating.yaml");
        String before = config(redisTlsPort, upstreamTls(""), listenerTls("auto") + "admin: 127.0.0.1:0\n");
        String after = config(redisTlsPort, upstreamTls(""), listenerTls("auto", nextCert) + "admin: 127.0.0.1:0\n");
        Files.writeString(file, before);
        try (TestSlotway slotway = TestSlotway.fromFile(file);
             Jedis connectedBefore = tlsJedis(slotway.port(), clientCert, ca)) {
            Files.writeString(file, after);
            assertThat(new AdminClient(slotway.server().adminPort()).post("/reload").statusCode()).isEqualTo(200);
            try (Jedis trustingNext = tlsJedis(slotway.port(), clientCert, nextCa)) {
                assertThat(trustingNext.ping()).isEqualTo("PONG");
            }
            assertThatThrownBy(() -> {
                try (Jedis trustingOld = tlsJedis(slotway.port(), clientCert, ca)) {
                    trustingOld.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);
            assertThat(connectedBefore.ping()).as("a client connected before keeps its session").isEqualTo("PONG");
        }
    }

    @Test
    void nodeCertificateForAnotherNameIsRefusedUnlessServerNameSaysIt() throws Exception {
        try (TestSlotway slotway = TestSlotway.start(config(misnamedTlsPort, upstreamTls(""), "admin: 127.0.0.1:0"));
             Jedis client = new Jedis("127.0.0.1", slotway.port())) {
            assertThatThrownBy(() -> client.get("tls:k"))
                    .hasMessageStartingWith("ERR upstream unavailable: 127.0.0.1:" + misnamedTlsPort)
                    .hasMessageContaining("TLS handshake failed");
            assertThat(new AdminClient(slotway.server().adminPort()).get("/ready").statusCode()).isEqualTo(503);
        }
        String named = upstreamTls("      server_name: redis.elsewhere.test");
        try (TestSlotway slotway = TestSlotway.start(config(misnamedTlsPort, named, "admin: 127.0.0.1:0"));
             Jedis client = new Jedis("127.0.0.1", slotway.port())) {
            assertThat(client.set("tls:named", "ok")).isEqualTo("OK");
            assertThat(new AdminClient(slotway.server().adminPort()).get("/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void nodeSignedByAnUntrustedCaIsRefused() throws Exception {
        String untrusting = """
                    tls:
                      ca: %s
                      cert: %s
                      key: %s
                """.formatted(strangerCa.caFile(), slotwayCert.cert(), slotwayCert.key());
        try (TestSlotway slotway = TestSlotway.start(config(redisTlsPort, untrusting, ""));
             Jedis client = new Jedis("127.0.0.1", slotway.port())) {
            assertThatThrownBy(() -> client.get("tls:k")).hasMessageContaining("TLS handshake failed");
        }
    }

    @Test
    void shardedNodesOverTlsServeAndPassHealthChecks() throws Exception {
        String yaml = """
                listen: 127.0.0.1:0
                event_loop_threads: 1
                admin: 127.0.0.1:0
                monitoring: {health_check_interval: 100ms}
                upstreams:
                  main:
                    mode: sharded
                    nodes: ["127.0.0.1:%d", "localhost:%d"]
                %s
                routes:
                  default: main
                """.formatted(redisTlsPort, misnamedTlsPort, upstreamTls("      server_name: localhost"));
        // The second node's certificate names only redis.elsewhere.test: it must be marked down, the first up.
        try (TestSlotway slotway = TestSlotway.start(yaml)) {
            AdminClient admin = new AdminClient(slotway.server().adminPort());
            String topology = awaitBody(admin, "/clusters",
                    "\"last_failure\" : \"health check: No subject alternative");
            assertThat(topology).contains("\"address\" : \"127.0.0.1:" + redisTlsPort + "\",\n"
                    + "        \"role\" : \"primary\",\n        \"up\" : true");
        }
    }

    @Test
    void clusterOverTlsIsMappedAndServedOverTls() throws Exception {
        TestCertificates.Issued nodeCert = ca.issue("cluster-node");
        try (LocalCluster cluster = LocalCluster.startTls(new LocalCluster.Tls(nodeCert.cert(), nodeCert.key(),
                ca.caFile()), 3, 0)) {
            String yaml = """
                    listen: 127.0.0.1:0
                    event_loop_threads: 1
                    admin: 127.0.0.1:0
                    upstreams:
                      main:
                        mode: cluster
                        nodes: [%s]
                    %s
                    routes:
                      default: main
                    """.formatted(cluster.tlsSeeds(), upstreamTls(""));
            try (TestSlotway slotway = TestSlotway.start(yaml);
                 Jedis client = new Jedis("127.0.0.1", slotway.port())) {
                String[] pairs = new String[200];
                for (int i = 0; i < 100; i++) {
                    pairs[2 * i] = "tls-cluster:" + i;
                    pairs[2 * i + 1] = "v" + i;
                }
                assertThat(client.mset(pairs)).isEqualTo("OK");
                assertThat(client.mget("tls-cluster:0", "tls-cluster:57", "tls-cluster:99"))
                        .containsExactly("v0", "v57", "v99");
                assertThat(client.dbSize()).isEqualTo(100);
                // The slot map Slotway read over TLS names the nodes' TLS ports, and every node is healthy there.
                String topology = new AdminClient(slotway.server().adminPort()).get("/clusters").body();
                for (LocalRedis primary : cluster.primaries()) {
                    assertThat(topology).contains("127.0.0.1:" + cluster.tlsPort(primary))
                            .doesNotContain("127.0.0.1:" + primary.port() + "\"");
                }
                assertThat(new AdminClient(slotway.server().adminPort()).get("/ready").statusCode()).isEqualTo(200);
            }
        }
    }

    private static String awaitBody(AdminClient admin, String path, String expected) throws InterruptedException {
        String body = "";
        // Bounded: 5 s.
        for (int i = 0; i < 100 && !body.contains(expected); i++) {
            body = admin.get(path).body();
            Thread.sleep(50);
        }
        assertThat(body).contains(expected);
        return body;
    }

    /** A Jedis speaking TLS, trusting our CA, presenting {@code cert} when given. */
    private static Jedis tlsJedis(int port, TestCertificates.Issued cert) throws Exception {
        return tlsJedis(port, cert, ca);
    }

    private static Jedis tlsJedis(int port, TestCertificates.Issued cert, TestCertificates trusted) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(trusted.caFile().toFile());
        if (cert != null) {
            builder.keyManager(cert.cert().toFile(), cert.key().toFile());
        }
        SSLContext context = ((JdkSslContext) builder.build()).context();
        return new Jedis(new HostAndPort("localhost", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(context.getSocketFactory()).socketTimeoutMillis(5000).build());
    }
}
