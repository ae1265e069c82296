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
    /** Netty's system property for how many recycled objects each thread keeps per kind; 0 turns recycling off. */
    static final String RECYCLER_CAPACITY = "io.netty.recycler.maxCapacityPerThread";
    /** Its older name, which Netty still reads when the current one is not set. */
    static final String RECYCLER_CAPACITY_OLD = "io.netty.recycler.maxCapacity";

    public static void main(String[] args) {
        recyclingOffUnlessAsked();
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

    /**
     * Netty's object recycler made a cluster MGET cost 17-23 us of CPU instead of 8-12 us, and GET 15% more (bench/
     * RESULTS.md, issue 16): a pipelined burst holds thousands of recycled objects at once, and taking them back
     * touches memory scattered over megabytes (with G1's barriers on every reference stored into those old objects),
     * where fresh allocation writes memory in sequence and a young collection frees it for almost nothing. A
     * property naming a capacity (either name) wins. Called before any Netty class reads the property.
     */
    static void recyclingOffUnlessAsked() {
        if (System.getProperty(RECYCLER_CAPACITY) == null && System.getProperty(RECYCLER_CAPACITY_OLD) == null) {
            System.setProperty(RECYCLER_CAPACITY, "0");
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
