package io.slotway.command;

import io.slotway.testing.TestArgs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class KeyLocatorTest {

    private final CommandTable table = CommandTable.standard();

    private int[] keys(String... command) {
        TestArgs args = TestArgs.of(command);
        CommandSpec spec = table.lookup(args);
        if (spec.isContainer()) {
            spec = spec.subcommand(args);
        }
        int[] out = new int[64];
        int count = KeyLocator.locate(spec, args, out);
        return count < 0 ? new int[] {count} : Arrays.copyOf(out, count);
    }

    @Test
    void singleKeyCommands() {
        assertThat(keys("GET", "k")).containsExactly(1);
        assertThat(keys("SET", "k", "v", "EX", "10")).containsExactly(1);
        assertThat(keys("OBJECT", "ENCODING", "k")).containsExactly(2);
    }

    @Test
    void rangesWithStepsAndOpenEnds() {
        assertThat(keys("MGET", "a", "b", "c")).containsExactly(1, 2, 3);
        assertThat(keys("MSET", "a", "1", "b", "2")).containsExactly(1, 3);
        assertThat(keys("DEL", "a", "b")).containsExactly(1, 2);
        assertThat(keys("RENAME", "a", "b")).containsExactly(1, 2);
        assertThat(keys("BITOP", "AND", "dest", "a", "b")).containsExactly(2, 3, 4);
        assertThat(keys("BLPOP", "a", "b", "0")).containsExactly(1, 2);
    }

    @Test
    void numkeysForms() {
        assertThat(keys("EVAL", "return 1", "2", "a", "b", "arg")).containsExactly(3, 4);
        assertThat(keys("EVALSHA", "abc", "0", "arg")).isEmpty();
        assertThat(keys("FCALL", "f", "1", "a", "x")).containsExactly(3);
        assertThat(keys("ZUNIONSTORE", "dest", "2", "a", "b", "WEIGHTS", "1", "2")).containsExactly(1, 3, 4);
        assertThat(keys("ZINTER", "2", "a", "b")).containsExactly(2, 3);
        assertThat(keys("LMPOP", "2", "a", "b", "LEFT")).containsExactly(2, 3);
        assertThat(keys("SINTERCARD", "2", "a", "b", "LIMIT", "1")).containsExactly(2, 3);
    }

    @Test
    void keywordForms() {
        assertThat(keys("XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0")).containsExactly(4, 5);
        assertThat(keys("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s1", ">")).containsExactly(5);
        assertThat(keys("GEORADIUS", "src", "0", "0", "1", "km", "STORE", "dst")).containsExactly(1, 7);
        assertThat(keys("SORT", "src", "STORE", "dst")).startsWith(1);
        // The key specs also name the empty key slot (index 3); Redis's own getkeys proc drops it.
        assertThat(keys("MIGRATE", "h", "1", "", "0", "5", "KEYS", "a", "b")).containsExactly(3, 7, 8);
    }

    @Test
    void invalidNumkeysIsReported() {
        assertThat(keys("EVAL", "return 1", "x", "a")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("EVAL", "return 1", "3", "a")).containsExactly(KeyLocator.INVALID);
    }

    @Test
    void keylessCommandsHaveNoKeys() {
        assertThat(keys("PING")).isEmpty();
        assertThat(keys("DBSIZE")).isEmpty();
    }
}
