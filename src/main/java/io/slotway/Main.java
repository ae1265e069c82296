package io.slotway;

import io.slotway.cli.CheckConfigCommand;
import io.slotway.cli.DemoCommand;
import io.slotway.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code slotway run | check-config | demo}. */
@Command(name = "slotway", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A Redis proxy: applications speak Redis to Slotway, Slotway routes to the right upstream.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, DemoCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"slotway " + (version == null ? "development build" : version)};
        }
    }
}
