package io.slotway.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slotway.config.ConfigLoader;
import io.slotway.config.HashFunction;
import io.slotway.config.NodeConfig;
import io.slotway.config.SlotwayConfig;
import io.slotway.config.UpstreamConfig;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** nutcracker's own example config (Debian's /usr/share/doc/nutcracker/examples/nutcracker.yml), imported. */
class TwemproxyImportTest {

    private static Imported imported() throws Exception {
        try (InputStream in = TwemproxyImportTest.class.getResourceAsStream("/import/nutcracker.yml")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            return TwemproxyImport.convert(root, "nutcracker.yml");
        }
    }

    @Test
    void eachRedisPoolBecomesAConfigThatLoads() throws Exception {
        Imported imported = imported();
        assertThat(imported.configs()).extracting(Imported.Config::name).containsExactly("alpha", "beta");
        SlotwayConfig alpha = ConfigLoader.parse(imported.configs().get(0).yaml(), "alpha");
        UpstreamConfig pool = alpha.upstreams().get("alpha");
        assertThat(alpha.listen().toString()).isEqualTo("127.0.0.1:22121");
        assertThat(pool.sharding().hash()).isEqualTo(HashFunction.FNV1A_64);
        assertThat(pool.sharding().ejectAfter()).isEqualTo(1);
        SlotwayConfig beta = ConfigLoader.parse(imported.configs().get(1).yaml(), "beta");
        UpstreamConfig servers = beta.upstreams().get("beta");
        assertThat(servers.sharding().hashTag()).hasValue("{}");
        assertThat(servers.sharding().ejectAfter()).isZero();
        assertThat(servers.timeouts().command()).isEqualTo(Duration.ofMillis(400));
        assertThat(servers.nodes()).extracting(NodeConfig::ringName)
                .containsExactly("server1", "server2", "server3", "server4");
        assertThat(servers.nodes().get(0).name()).isEqualTo(Optional.of("server1"));
    }

    @Test
    void memcachedPoolsAndUnixSocketsAreReportedNotImported() throws Exception {
        List<String> notes = imported().notCarried();
        assertThat(notes).contains(
                "gamma: a memcached pool (redis: true is not set): Slotway proxies Redis only; pool skipped",
                "delta: a memcached pool (redis: true is not set): Slotway proxies Redis only; pool skipped",
                "omega: a memcached pool (redis: true is not set): Slotway proxies Redis only; pool skipped");
        assertThat(notes).anyMatch(note -> note.startsWith("alpha: server_retry_timeout"));
    }

    @Test
    void redisAuthAsksClientsForThePasswordAsTwemproxyDid() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree("""
                pool:
                  listen: 127.0.0.1:22121
                  redis: true
                  redis_auth: secret
                  redis_db: 3
                  server_connections: 2
                  client_connections: 500
                  servers: ["127.0.0.1:6379:1"]
                """);
        SlotwayConfig config = ConfigLoader.parse(TwemproxyImport.convert(root, "pool.yml").configs().get(0).yaml(),
                "pool");
        assertThat(config.auth().orElseThrow().passwords()).extracting(secret -> secret.value())
                .containsExactly("secret");
        UpstreamConfig pool = config.upstreams().get("pool");
        assertThat(pool.password().orElseThrow().value()).isEqualTo("secret");
        assertThat(pool.database()).isEqualTo(3);
        assertThat(pool.connectionsPerNode()).isEqualTo(2);
        assertThat(pool.sharding().hash()).isEqualTo(HashFunction.FNV1A_64);
        assertThat(config.limits().maxClients()).isEqualTo(500);
    }
}
