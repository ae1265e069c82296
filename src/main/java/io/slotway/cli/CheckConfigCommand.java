package io.slotway.cli;

import io.slotway.config.ConfigException;
import io.slotway.config.ConfigLoader;
import io.slotway.config.SlotwayConfig;
import io.slotway.tls.TlsCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a config file: exit 0 when valid, 1 with every problem and its path when not.")
public final class CheckConfigCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "YAML config file.")
    private Path file;

    @Override
    public Integer call() {
        try {
            SlotwayConfig config = ConfigLoader.load(file);
            List<String> tlsProblems = TlsCheck.problems(config);
            if (!tlsProblems.isEmpty()) {
                throw new ConfigException(tlsProblems);
            }
            int count = config.upstreams().size();
            spec.commandLine().getOut().printf("%s: OK (%d upstream%s, listening on %s)%n", file, count,
                    count == 1 ? "" : "s", config.listen());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
