package io.slotway.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slotway.config.ConfigLoader;
import io.slotway.config.FaultConfig;
import io.slotway.config.MirrorConfig;
import io.slotway.config.PrefixRouteConfig;
import io.slotway.config.ReadPolicy;
import io.slotway.config.SlotwayConfig;
import io.slotway.config.UpstreamMode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An Envoy redis_proxy bootstrap, written in the style of Envoy's documentation, imported and loaded back. */
class EnvoyImportTest {

    private static Imported imported() throws Exception {
        try (InputStream in = EnvoyImportTest.class.getResourceAsStream("/import/envoy-redis.yaml")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            return EnvoyImport.convert(root, "envoy-redis.yaml");
        }
    }

    @Test
    void listenerBecomesAConfigThatLoads() throws Exception {
        Imported imported = imported();
        assertThat(imported.configs()).singleElement().extracting(Imported.Config::name).isEqualTo("redis_listener");
        SlotwayConfig config = ConfigLoader.parse(imported.configs().get(0).yaml(), "imported");
        assertThat(config.listen().toString()).isEqualTo("127.0.0.1:1999");
        assertThat(config.timeouts().command()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.upstreams().get("redis_cluster").mode()).isEqualTo(UpstreamMode.CLUSTER);
        assertThat(config.upstreams().get("redis_cluster").cluster().readPolicy()).isEqualTo(ReadPolicy.PREFER_REPLICA);
        assertThat(config.upstreams().get("redis_cluster").password().orElseThrow().value())
                .isEqualTo("cluster-secret");
        assertThat(config.upstreams().get("users").mode()).isEqualTo(UpstreamMode.SHARDED);
        assertThat(config.upstreams().get("sessions").tls().orElseThrow().serverName()).hasValue("sessions.internal");
        // Envoy checks a node's name only when given names to match; none are.
        assertThat(config.upstreams().get("sessions").tls().orElseThrow().verifyHostname()).isFalse();
    }

    @Test
    void routesMirrorsAndFaultsCarryOver() throws Exception {
        SlotwayConfig config = ConfigLoader.parse(imported().configs().get(0).yaml(), "imported");
        assertThat(config.routes().defaultUpstream()).isEqualTo("redis_cluster");
        assertThat(config.routes().defaultMirrors()).containsExactly(new MirrorConfig("redis_next", 1, true));
        assertThat(config.routes().prefixes()).containsExactly(
                new PrefixRouteConfig("user:", "users", true, "users_replica", List.of()),
                new PrefixRouteConfig("session:", "sessions", false, null,
                        List.of(new MirrorConfig("sessions_next", 0.25, false))));
        assertThat(config.faults()).containsExactly(
                new FaultConfig(FaultConfig.Type.ERROR, 0.1, Duration.ZERO, List.of("get")),
                new FaultConfig(FaultConfig.Type.DELAY, 0.5, Duration.ofMillis(200), List.of()));
        assertThat(config.auth().orElseThrow().passwords()).hasSize(2);
    }

    @Test
    void whatCannotCarryIsListedWithItsReason() throws Exception {
        List<String> notes = imported().notCarried();
        assertThat(notes).anyMatch(note -> note.contains("max_buffer_size_before_flush"));
        assertThat(notes).anyMatch(note -> note.contains("custom_commands"));
        assertThat(notes).anyMatch(note -> note.contains("key_formatter"));
        assertThat(notes).anyMatch(note -> note.contains("runtime_key"));
        assertThat(notes).anyMatch(note -> note.contains("cluster 'users'") && note.contains("ketama"));
    }

    @Test
    void fileWithoutARedisProxySaysSo() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree("static_resources: {listeners: []}");
        Imported imported = EnvoyImport.convert(root, "empty.yaml");
        assertThat(imported.configs()).isEmpty();
        assertThat(imported.notCarried()).containsExactly(
                "empty.yaml: no listener with an envoy.filters.network.redis_proxy filter");
    }
}
