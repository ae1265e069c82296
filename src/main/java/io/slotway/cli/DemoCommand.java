package io.slotway.cli;

import io.slotway.config.ConfigLoader;
import io.slotway.config.SlotwayConfig;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.server.ShutdownSignals;
import io.slotway.server.SlotwayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start local redis-server nodes on free loopback ports and Slotway in front of them.")
public final class DemoCommand implements Callable<Integer> {

    /** What the demo starts behind Slotway. */
    enum Mode { standalone, sharded, cluster }

    @Spec
    private CommandSpec spec;

    @Option(names = "--mode", defaultValue = "cluster",
            description = "standalone (1 node), sharded (3 nodes) or cluster (3 shards, 1 replica each; default).")
    private Mode mode;

    @Option(names = "--port", description = "Slotway's port (default: 6380 if free, else any free port).")
    private Integer port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(started), "slotway-demo-redis-stop"));
        String upstream = startUpstream(started);
        int listen = port != null ? port : preferredPort();
        String yaml = """
                listen: 127.0.0.1:%d
                upstreams:
                  main:
                %s
                routes:
                  default: main
                shutdown:
                  drain_timeout: 2s
                """.formatted(listen, upstream);
        SlotwayConfig config = ConfigLoader.parse(yaml, "demo");
        SlotwayServer server = new SlotwayServer(config).start();
        Duration drain = config.shutdown().drainTimeout();
        ShutdownSignals.install(() -> {
            server.drainAndStop(drain);
            closeAll(started);
        }, () -> drain);
        out.printf("Slotway is running in front of %s.%n", describe());
        out.printf("Connect with:%n%n    redis-cli -p %d%n%nPress Ctrl-C to stop.%n", server.port());
        out.flush();
        server.awaitStopped();
        return 0;
    }

    private String startUpstream(List<AutoCloseable> started) throws IOException, InterruptedException {
        switch (mode) {
            case cluster -> {
                LocalCluster cluster = LocalCluster.start(3, 1);
                started.add(cluster);
                return "    mode: cluster\n    nodes: [" + cluster.seeds() + "]";
            }
            case sharded -> {
                List<String> nodes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    LocalRedis redis = LocalRedis.start();
                    started.add(redis);
                    nodes.add("\"127.0.0.1:" + redis.port() + "\"");
                }
                return "    mode: sharded\n    nodes: [" + String.join(", ", nodes) + "]";
            }
            default -> {
                LocalRedis redis = LocalRedis.start();
                started.add(redis);
                return "    mode: standalone\n    nodes: [\"127.0.0.1:" + redis.port() + "\"]";
            }
        }
    }

    private String describe() {
        return switch (mode) {
            case cluster -> "a local Redis Cluster (3 shards, 1 replica each)";
            case sharded -> "3 local redis-server nodes, sharded by consistent hashing";
            case standalone -> "one local redis-server";
        };
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable closeable : started) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Best effort: the processes die with us anyway.
            }
        }
    }

    private static int preferredPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(6380, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException taken) {
            return LocalRedis.freePort();
        }
    }
}
