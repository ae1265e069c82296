package io.slotway.migrate;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.ClusterMoves;
import io.slotway.testing.Closing;
import io.slotway.testing.SlotwayProcess;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Envoy bootstrap in the style of Envoy's redis_proxy documentation, over real nodes: {@code slotway import envoy}
 * prints a config that passes check-config, and Slotway started with it puts each key where the Envoy routes send
 * it (catch-all node, a prefix route that removes its prefix, a Redis Cluster).
 */
class EnvoyImportIT {

    @TempDir
    static Path dir;
    private static LocalRedis main;
    private static LocalRedis users;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        main = LocalRedis.start();
        users = LocalRedis.start();
        cluster = LocalCluster.start(3, 0);
    }

    @AfterAll
    static void stop() {
        Closing.all(Arrays.asList(main, users, cluster));
    }

    private static String envoy(int listenPort) {
        return """
                static_resources:
                  listeners:
                  - name: redis_listener
                    address:
                      socket_address: {address: 127.0.0.1, port_value: %d}
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.redis_proxy
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.redis_proxy.v3.RedisProxy
                          stat_prefix: egress_redis
                          settings: {op_timeout: 5s}
                          prefix_routes:
                            catch_all_route: {cluster: main}
                            routes:
                            - {prefix: "user:", cluster: users, remove_prefix: true}
                            - {prefix: "c:", cluster: cache}
                  clusters:
                  - name: main
                    type: STATIC
                    load_assignment:
                      cluster_name: main
                      endpoints:
                      - lb_endpoints:
                        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}
                  - name: users
                    type: STATIC
                    load_assignment:
                      cluster_name: users
                      endpoints:
                      - lb_endpoints:
                        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}
                  - name: cache
                    lb_policy: CLUSTER_PROVIDED
                    load_assignment:
                      cluster_name: cache
                      endpoints:
                      - lb_endpoints:
                        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}
                    cluster_type:
                      name: envoy.clusters.redis
                """.formatted(listenPort, main.port(), users.port(), cluster.primaries().get(0).port());
    }

    @Test
    void importedConfigPassesCheckConfigAndServesKeysFromTheNodesEnvoyRoutesTo() throws Exception {
        int port = LocalRedis.freePort();
        Path envoy = dir.resolve("envoy.yaml");
        Files.writeString(envoy, envoy(port));
        SlotwayProcess.Result imported = SlotwayProcess.run("import", "envoy", envoy.toString());
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        Path slotwayYaml = dir.resolve("slotway.yaml");
        Files.writeString(slotwayYaml, imported.output());
        SlotwayProcess.Result checked = SlotwayProcess.run("check-config", slotwayYaml.toString());
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        try (TestSlotway slotway = TestSlotway.fromFile(slotwayYaml);
             Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            assertThat(slotway.port()).isEqualTo(port);
            jedis.set("plain", "1");
            jedis.set("user:42", "2");
            jedis.set("c:7", "3");
            assertThat(jedis.mget("plain", "user:42", "c:7")).containsExactly("1", "2", "3");
        }
        try (Jedis direct = new Jedis("127.0.0.1", main.port())) {
            assertThat(direct.keys("*")).containsExactly("plain");
        }
        try (Jedis direct = new Jedis("127.0.0.1", users.port())) {
            assertThat(direct.keys("*")).containsExactly("42");
        }
        try (Jedis direct = new Jedis("127.0.0.1", ClusterMoves.owner(cluster, "c:7").port())) {
            assertThat(direct.get("c:7")).isEqualTo("3");
        }
    }
}
