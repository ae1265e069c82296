package io.slotway.command;

import io.slotway.testing.TestArgs;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-request paths of the table allocate nothing: measured in bytes, not time. */
class CommandTableAllocationTest {

    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 100_000;

    private final CommandTable table = CommandTable.standard();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void lookupAndSubcommandLookupAllocateNothing() {
        TestArgs get = TestArgs.of("GeT", "key");
        TestArgs config = TestArgs.of("config", "SET", "a", "b");
        TestArgs unknown = TestArgs.of("NOSUCHCMD", "x");
        int found = 0;
        for (int i = 0; i < WARM_UP; i++) {
            found += lookups(get, config, unknown);
        }
        long before = allocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            found += lookups(get, config, unknown);
        }
        long allocated = allocatedBytes() - before;
        assertThat(found).isEqualTo(2 * (WARM_UP + MEASURED));
        assertThat(allocated / (3.0 * MEASURED)).as("bytes allocated per lookup").isLessThan(1.0);
    }

    @Test
    void locatingKeysAllocatesNothing() {
        TestArgs mset = TestArgs.of("MSET", "a", "1", "b", "2");
        TestArgs eval = TestArgs.of("EVAL", "return 1", "2", "a", "b");
        TestArgs xread = TestArgs.of("XREAD", "COUNT", "1", "STREAMS", "s1", "s2", "0", "0");
        TestArgs object = TestArgs.of("OBJECT", "ENCODING", "k");
        CommandSpec msetSpec = table.lookup(mset);
        CommandSpec evalSpec = table.lookup(eval);
        CommandSpec xreadSpec = table.lookup(xread);
        CommandSpec objectSpec = table.lookup(object);
        int[] scratch = new int[8];
        long keys = 0;
        for (int i = 0; i < WARM_UP; i++) {
            keys += locate(msetSpec, mset, evalSpec, eval, xreadSpec, xread, objectSpec, object, scratch);
        }
        long before = allocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            keys += locate(msetSpec, mset, evalSpec, eval, xreadSpec, xread, objectSpec, object, scratch);
        }
        long allocated = allocatedBytes() - before;
        assertThat(keys).isEqualTo(7L * (WARM_UP + MEASURED));
        assertThat(allocated / (4.0 * MEASURED)).as("bytes allocated per locate").isLessThan(1.0);
    }

    private int lookups(TestArgs get, TestArgs config, TestArgs unknown) {
        int found = table.lookup(get) != null ? 1 : 0;
        found += table.lookup(config).subcommand(config) != null ? 1 : 0;
        found += table.lookup(unknown) != null ? 1 : 0;
        return found;
    }

    private static int locate(CommandSpec msetSpec, TestArgs mset, CommandSpec evalSpec, TestArgs eval,
                              CommandSpec xreadSpec, TestArgs xread, CommandSpec objectSpec, TestArgs object,
                              int[] scratch) {
        return KeyLocator.locate(msetSpec, mset, scratch) + KeyLocator.locate(evalSpec, eval, scratch)
                + KeyLocator.locate(xreadSpec, xread, scratch) + KeyLocator.locate(objectSpec, object, scratch);
    }

    private long allocatedBytes() {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
