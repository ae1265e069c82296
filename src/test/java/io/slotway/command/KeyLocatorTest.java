package io.slotway.command;

import io.slotway.testing.RespText;
import io.slotway.testing.TestArgs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyLocatorTest {

    private final CommandTable table = CommandTable.standard();

    /** Key indexes, or the one negative code the locator returned. */
    private int[] keys(String... command) {
        return keys(table, command);
    }

    private static int[] keys(CommandTable table, String... command) {
        TestArgs args = TestArgs.of(command);
        int[] out = new int[command.length + 2];
        int count = KeyLocator.locate(table.lookup(args), args, out);
        assertThat(KeyLocator.keyCount(table.lookup(args), args)).as("keyCount agrees with locate").isEqualTo(count);
        return count < 0 ? new int[] {count} : Arrays.copyOf(out, count);
    }

    @Test
    void singleKeyCommands() {
        assertThat(keys("GET", "k")).containsExactly(1);
        assertThat(keys("SET", "k", "v", "EX", "10")).containsExactly(1);
        assertThat(keys("EXPIRE", "k", "10")).containsExactly(1);
    }

    @Test
    void containerIsResolvedToTheSubcommandArgumentOneNames() {
        assertThat(keys("OBJECT", "ENCODING", "k")).containsExactly(2);
        assertThat(keys("object", "encoding", "k")).containsExactly(2);
        assertThat(keys("XINFO", "STREAM", "s")).containsExactly(2);
        assertThat(keys("OBJECT", "NOSUCH", "k")).isEmpty();
        assertThat(keys("CONFIG", "GET", "maxmemory")).isEmpty();
    }

    @Test
    void rangeToTheEndWithAStep() {
        assertThat(keys("MGET", "a", "b", "c")).containsExactly(1, 2, 3);
        assertThat(keys("MSET", "a", "1", "b", "2")).containsExactly(1, 3);
        assertThat(keys("DEL", "a")).containsExactly(1);
        assertThat(keys("DEL", "a", "b", "c", "d")).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rangeEndingBeforeTheLastArgument() {
        assertThat(keys("BLPOP", "a", "b", "0")).containsExactly(1, 2);
        assertThat(keys("BLPOP", "a", "0")).containsExactly(1);
    }

    @Test
    void severalIndexSpecsInSpecOrder() {
        assertThat(keys("RENAME", "a", "b")).containsExactly(1, 2);
        assertThat(keys("BITOP", "AND", "dest", "a", "b")).containsExactly(2, 3, 4);
        assertThat(keys("LMOVE", "src", "dst", "LEFT", "RIGHT")).containsExactly(1, 2);
    }

    @Test
    void numkeysCountsTheKeysThatFollowIt() {
        assertThat(keys("EVAL", "return 1", "2", "a", "b", "arg")).containsExactly(3, 4);
        assertThat(keys("EVALSHA", "abc", "1", "a", "arg")).containsExactly(3);
        assertThat(keys("FCALL", "f", "1", "a", "x")).containsExactly(3);
        assertThat(keys("ZUNIONSTORE", "dest", "2", "a", "b", "WEIGHTS", "1", "2")).containsExactly(1, 3, 4);
        assertThat(keys("ZINTER", "2", "a", "b", "WITHSCORES")).containsExactly(2, 3);
        assertThat(keys("LMPOP", "2", "a", "b", "LEFT")).containsExactly(2, 3);
        assertThat(keys("BLMPOP", "0", "1", "a", "LEFT")).containsExactly(3);
        assertThat(keys("SINTERCARD", "2", "a", "b", "LIMIT", "1")).containsExactly(2, 3);
    }

    @Test
    void zeroNumkeysMeansNoKeysFromThatSpec() {
        assertThat(keys("EVAL", "return 1", "0")).isEmpty();
        assertThat(keys("EVALSHA", "abc", "0", "arg")).isEmpty();
        assertThat(keys("FCALL", "f", "0")).isEmpty();
    }

    @Test
    void numkeysThatIsNotACountWithinTheArgumentsIsInvalid() {
        assertThat(keys("EVAL", "return 1", "x", "a")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("EVAL", "return 1", "-1", "a")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("EVAL", "return 1", "01", "a")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("EVAL", "return 1", "+1", "a")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("EVAL", "return 1", "", "a")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("EVAL", "return 1", "3", "a")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("EVAL", "return 1", "99999999999999999999", "a")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("ZUNIONSTORE", "dest", "3", "a", "b")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("SINTERCARD", "2", "a")).containsExactly(KeyLocator.INVALID);
    }

    @Test
    void keywordStreamsStartsTheKeysAndLimitTwoTakesTheFirstHalf() {
        assertThat(keys("XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0")).containsExactly(4, 5);
        assertThat(keys("XREAD", "streams", "s1", "$")).containsExactly(2);
        assertThat(keys("XREAD", "BLOCK", "0", "STREAMS", "s1", "s2", "s3", "0", "0", "0"))
                .containsExactly(4, 5, 6);
        assertThat(keys("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s1", ">")).containsExactly(5);
        assertThat(keys("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s1", "s2", ">", ">"))
                .containsExactly(7, 8);
    }

    @Test
    void absentKeywordContributesNoKeys() {
        // STREAMS as the last argument has nothing after it, so Redis's search does not look there either.
        assertThat(keys("XREAD", "COUNT", "1", "STREAMS")).isEmpty();
        assertThat(keys("GEORADIUS", "src", "0", "0", "1", "km")).containsExactly(1);
        assertThat(keys("GEORADIUS", "src", "0", "0", "1", "km", "WITHDIST")).containsExactly(1);
    }

    @Test
    void optionalStoreKeywordsAddTheirKey() {
        assertThat(keys("GEORADIUS", "src", "0", "0", "1", "km", "STORE", "dst")).containsExactly(1, 7);
        assertThat(keys("GEORADIUS", "src", "0", "0", "1", "km", "STOREDIST", "dst")).containsExactly(1, 7);
        assertThat(keys("GEORADIUSBYMEMBER", "src", "m", "1", "km", "store", "dst")).containsExactly(1, 6);
    }

    @Test
    void sortKeysAreFoundAsRedisSortGetKeysFindsThem() {
        assertThat(keys("SORT", "src")).containsExactly(1);
        assertThat(keys("SORT", "src", "STORE", "dst")).containsExactly(1, 3);
        assertThat(keys("SORT_RO", "src", "BY", "w_*")).containsExactly(1);
        // Pattern arguments are skipped, so a GET pattern spelled "store" is not the STORE keyword.
        assertThat(keys("SORT", "src", "GET", "store", "dst")).containsExactly(1);
        assertThat(keys("SORT", "src", "LIMIT", "0", "10", "STORE", "a", "STORE", "b")).containsExactly(1, 8);
    }

    @Test
    void migrateWithOneKeyUsesItsIndexSpec() {
        assertThat(keys("MIGRATE", "h", "1", "k", "0", "5")).containsExactly(3);
        assertThat(keys("MIGRATE", "h", "1", "k", "0", "5", "COPY", "REPLACE")).containsExactly(3);
        // A host that happens to read KEYS is not the keyword: the backward search stops before argument 1.
        assertThat(keys("MIGRATE", "KEYS", "1", "k", "0", "5")).containsExactly(3);
    }

    @Test
    void migrateKeysAreFoundAsRedisMigrateGetKeysFindsThem() {
        // The KEYS spec is INCOMPLETE (KEYS could also be an AUTH password), so Redis uses MIGRATE's own getkeys.
        assertThat(keys("MIGRATE", "h", "1", "", "0", "5", "KEYS", "a", "b")).containsExactly(7, 8);
        assertThat(keys("MIGRATE", "h", "1", "", "0", "5", "AUTH", "KEYS", "KEYS", "a")).containsExactly(9);
        assertThat(keys("MIGRATE", "h", "1", "k", "0", "5", "KEYS", "a")).containsExactly(KeyLocator.INVALID);
    }

    @Test
    void notKeySpecsNameChannelsNotKeys() {
        assertThat(keys("SPUBLISH", "channel", "message")).isEmpty();
        assertThat(keys("SSUBSCRIBE", "a", "b")).isEmpty();
    }

    @Test
    void keylessCommandsHaveNoKeys() {
        assertThat(keys("PING")).isEmpty();
        assertThat(keys("DBSIZE")).isEmpty();
        assertThat(keys("SUBSCRIBE", "channel")).isEmpty();
    }

    @Test
    void scratchTooSmallIsReportedAndKeyCountNeedsNoScratch() {
        TestArgs mget = TestArgs.of("MGET", "a", "b", "c");
        CommandSpec spec = table.lookup(mget);
        assertThat(KeyLocator.locate(spec, mget, new int[2])).isEqualTo(KeyLocator.SCRATCH_TOO_SMALL);
        assertThat(KeyLocator.locate(spec, mget, new int[3])).isEqualTo(3);
        assertThat(KeyLocator.keyCount(spec, mget)).isEqualTo(3);
    }

    @Test
    void returnCodesAreDistinctAndNegative() {
        assertThat(List.of(KeyLocator.SCRATCH_TOO_SMALL, KeyLocator.INVALID, KeyLocator.UNKNOWN))
                .doesNotHaveDuplicates().allMatch(code -> code < 0);
    }

    @Test
    void unknownSpecWithoutMovableKeysFallsBackToLegacyPositions() {
        List<Object> unknown = RespText.keySpec(List.of("RW"), RespText.unknownSearch(), RespText.unknownSearch());
        byte[] info = RespText.encode(List.of(
                RespText.info("frob", -2, List.of("write"), 1, -1, 1, List.of(), List.of(unknown)),
                RespText.info("movfrob", -2, List.of("write", "movablekeys"), 1, -1, 1, List.of(), List.of(unknown))));
        CommandTable synthetic = CommandTable.load(info, RespText.docs("frob", "movfrob"));
        assertThat(keys(synthetic, "FROB", "a", "b")).containsExactly(1, 2);
        assertThat(keys(synthetic, "MOVFROB", "a", "b")).containsExactly(KeyLocator.UNKNOWN);
    }

    @Test
    void indexPastTheArgumentsIsInvalid() {
        // Arity checks come first in the proxy, but the locator must not read past the arguments on its own.
        assertThat(keys("GET")).containsExactly(KeyLocator.INVALID);
        assertThat(keys("RENAME", "a")).containsExactly(KeyLocator.INVALID);
    }

    @Test
    void everyCommandOfTheTableLocatesWithinItsArgumentsAtMinimumArity() {
        // A smoke test over the whole table: filler arguments, numkeys 1, never an index outside the arguments.
        for (CommandSpec command : table.all()) {
            List<CommandSpec> specs = command.isContainer() ? command.subcommands() : List.of(command);
            for (CommandSpec spec : specs) {
                int argc = Math.max(Math.abs(spec.arity()), 2) + 2;
                String[] argv = new String[argc];
                Arrays.fill(argv, "1");
                String[] name = spec.name().split("\\|");
                System.arraycopy(name, 0, argv, 0, name.length);
                TestArgs args = TestArgs.of(argv);
                int[] out = new int[argc];
                int count = KeyLocator.locate(spec, args, out);
                assertThat(count).as(spec.name()).isNotEqualTo(KeyLocator.SCRATCH_TOO_SMALL);
                for (int i = 0; i < Math.max(count, 0); i++) {
                    assertThat(out[i]).as(spec.name()).isBetween(1, argc - 1);
                }
            }
        }
    }
}
