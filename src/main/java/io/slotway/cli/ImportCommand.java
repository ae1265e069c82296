package io.slotway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slotway.migrate.EnvoyImport;
import io.slotway.migrate.Imported;
import io.slotway.migrate.TwemproxyImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code slotway import envoy|twemproxy FILE}: prints the equivalent Slotway config; on stderr what did not carry. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Turn an Envoy redis_proxy or a twemproxy config into a Slotway config.")
public final class ImportCommand implements Callable<Integer> {

    /** Where a config comes from. */
    enum Source { envoy, twemproxy }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "envoy or twemproxy")
    private Source source;

    @Parameters(index = "1", paramLabel = "FILE", description = "The Envoy bootstrap/listener YAML, or the "
            + "nutcracker YAML.")
    private Path file;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Write one <name>.yaml per listener or pool "
            + "here (needed when the file has several; Slotway listens on one address).")
    private Path outputDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            err.println(file + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        String name = file.getFileName().toString();
        Imported imported = source == Source.envoy ? EnvoyImport.convert(root, name)
                : TwemproxyImport.convert(root, name);
        imported.notCarried().forEach(note -> err.println("not carried over: " + note));
        int code = 0;
        if (imported.configs().isEmpty()) {
            code = 1;
        } else if (outputDir != null) {
            Files.createDirectories(outputDir);
            for (Imported.Config config : imported.configs()) {
                Path target = outputDir.resolve(config.name() + ".yaml");
                Files.writeString(target, config.yaml());
                err.println("wrote " + target);
            }
        } else if (imported.configs().size() == 1) {
            out.print(imported.configs().get(0).yaml());
        } else {
            err.println(name + " has " + imported.configs().size() + " listeners; Slotway listens on one address per "
                    + "process: give --output-dir to write one config each");
            code = 1;
        }
        out.flush();
        err.flush();
        return code;
    }
}
