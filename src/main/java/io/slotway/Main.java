package io.slotway;

import io.netty.util.ResourceLeakDetector;
import io.slotway.cli.CheckConfigCommand;
import io.slotway.cli.DemoCommand;
import io.slotway.cli.ImportCommand;
import io.slotway.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code slotway run | check-config | demo | import}. */
@Command(name = "slotway", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A Redis proxy: applications speak Redis to Slotway, Slotway routes to the right upstream.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, DemoCommand.class, ImportCommand.class})
public final class Main implements Runnable {

    /** Netty's system properties for its leak detector (the current name and the old one). */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    static final String LEAK_DETECTION_OLD = "io.netty.leakDetectionLevel";

    public static void main(String[] args) {
        leakDetectionOffUnlessAsked();
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code);
    }

    /**
     * Netty's default samples one buffer in 128 and takes a stack trace for it and for every slice of it, which cost a
     * transaction through Slotway 8% of its throughput; a property naming a level (as the tests' PARANOID) wins.
     */
    static void leakDetectionOffUnlessAsked() {
        if (System.getProperty(LEAK_DETECTION) == null && System.getProperty(LEAK_DETECTION_OLD) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
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
