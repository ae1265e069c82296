package io.slotway.cli;

import io.slotway.config.ConfigLoader;
import io.slotway.config.SlotwayConfig;
import io.slotway.demo.LocalRedis;
import io.slotway.server.ShutdownSignals;
import io.slotway.server.SlotwayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start local redis-server node(s) on free loopback ports and Slotway in front of them.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", description = "Slotway's port (default: 6380 if free, else any free port).")
    private Integer port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalRedis redis = LocalRedis.start();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "slotway-demo-redis-stop"));
        int listen = port != null ? port : preferredPort();
        String yaml = """
                listen: 127.0.0.1:%d
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:%d"]
                routes:
                  default: main
                shutdown:
                  drain_timeout: 2s
                """.formatted(listen, redis.port());
        SlotwayConfig config = ConfigLoader.parse(yaml, "demo");
        SlotwayServer server = new SlotwayServer(config).start();
        Duration drain = config.shutdown().drainTimeout();
        ShutdownSignals.install(() -> {
            server.drainAndStop(drain);
            redis.close();
        }, drain);
        out.printf("Slotway is running in front of redis-server on 127.0.0.1:%d.%n", redis.port());
        out.printf("Connect with:%n%n    redis-cli -p %d%n%nPress Ctrl-C to stop.%n", server.port());
        out.flush();
        server.awaitStopped();
        return 0;
    }

    private static int preferredPort() throws java.io.IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(6380, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (java.io.IOException taken) {
            return LocalRedis.freePort();
        }
    }
}
