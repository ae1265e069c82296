package io.slotway.cli;

import io.slotway.config.ConfigException;
import io.slotway.config.ConfigLoader;
import io.slotway.config.SlotwayConfig;
import io.slotway.server.ReloadSignal;
import io.slotway.server.ShutdownSignals;
import io.slotway.server.SlotwayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", description = "Start the proxy.", mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML config file.")
    private Path config;

    @Override
    public Integer call() throws Exception {
        SlotwayConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            e.problems().forEach(spec.commandLine().getErr()::println);
            return 1;
        }
        SlotwayServer server = new SlotwayServer(loaded, config);
        // Before the listener binds: a signal sent as soon as the port answers must find its handler.
        ShutdownSignals.install(() -> server.drainAndStop(server.config().shutdown().drainTimeout()),
                () -> server.config().shutdown().drainTimeout());
        ReloadSignal.install(server);
        try {
            server.start();
        } catch (SlotwayServer.StartupException e) {
            spec.commandLine().getErr().println("slotway: " + e.getMessage());
            return 1;
        }
        server.awaitStopped();
        return 0;
    }
}
