package io.slotway.testing;

import io.slotway.config.ConfigLoader;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.server.SlotwayServer;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** An in-process Slotway on a free loopback port, configured from YAML, stopped on close. */
public final class TestSlotway implements AutoCloseable {

    private final SlotwayServer server;

    private TestSlotway(SlotwayServer server) {
        this.server = server;
    }

    /** {@code upstreamYaml} is the body of one upstream named main (mode, nodes, ...), indented by 4. */
    public static TestSlotway standalone(int redisPort) throws Exception {
        return start(standaloneYaml(redisPort, ""));
    }

    public static String standaloneYaml(int redisPort, String extra) {
        return standaloneYaml(redisPort, 2, extra);
    }

    /** One upstream named main, standalone on {@code redisPort}, served by {@code loops} event loops. */
    public static String standaloneYaml(int redisPort, int loops, String extra) {
        return """
                listen: 127.0.0.1:0
                event_loop_threads: %d
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:%d"]
                routes:
                  default: main
                %s
                """.formatted(loops, redisPort, extra);
    }

    /** One upstream named main in sharded mode (hash tag {@code {}}) over {@code nodes}, and {@code extra} config. */
    public static String shardedYaml(List<LocalRedis> nodes, String extra) {
        return """
                listen: 127.0.0.1:0
                upstreams:
                  main:
                    mode: sharded
                    hash_tag: "{}"
                    nodes: [%s]
                routes:
                  default: main
                %s
                """.formatted(nodes.stream().map(node -> "\"127.0.0.1:" + node.port() + "\"")
                .collect(Collectors.joining(", ")), extra);
    }

    /** One upstream named main in cluster mode seeded by {@code cluster}'s nodes, and {@code extra} config. */
    public static String clusterYaml(LocalCluster cluster, String extra) {
        return """
                listen: 127.0.0.1:0
                upstreams:
                  main:
                    mode: cluster
                    nodes: [%s]
                routes:
                  default: main
                %s
                """.formatted(cluster.seeds(), extra);
    }

    public static TestSlotway start(String yaml) throws Exception {
        return new TestSlotway(new SlotwayServer(ConfigLoader.parse(yaml, "test")).start());
    }

    /** Started from a file, so {@code POST /reload} and {@link SlotwayServer#reloadFromFile()} read it again. */
    public static TestSlotway fromFile(java.nio.file.Path file) throws Exception {
        return new TestSlotway(new SlotwayServer(ConfigLoader.load(file), file).start());
    }

    public int port() {
        return server.port();
    }

    public SlotwayServer server() {
        return server;
    }

    @Override
    public void close() {
        server.drainAndStop(Duration.ofSeconds(2));
    }
}
