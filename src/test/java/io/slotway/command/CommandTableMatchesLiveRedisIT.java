package io.slotway.command;

import io.slotway.demo.LocalRedis;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The shipped table is what a live Redis 7.0 reports: same commands, arity, flags, keys, tips and docs. */
class CommandTableMatchesLiveRedisIT {

    @Test
    void tableMatchesCommandInfoAndDocsOfALiveServer() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            byte[] liveInfo = CommandTableGenerator.rawReply("127.0.0.1", redis.port(), "COMMAND");
            byte[] liveDocs = CommandTableGenerator.rawReply("127.0.0.1", redis.port(), "COMMAND", "DOCS");
            String version = new String(CommandTableGenerator.rawReply("127.0.0.1", redis.port(), "INFO", "server"));
            assumeThat(version).as("the reference table is Redis 7.0's").contains("redis_version:7.0.");

            Map<String, String> live = describe(CommandTable.load(liveInfo, liveDocs));
            Map<String, String> shipped = describe(CommandTable.standard());
            assertThat(shipped.keySet()).containsExactlyInAnyOrderElementsOf(live.keySet());
            assertThat(shipped).isEqualTo(live);
        }
    }

    /** Everything the table knows about each command and subcommand, as comparable text, keyed by name. */
    private static Map<String, String> describe(CommandTable table) {
        Map<String, String> all = new TreeMap<>();
        List<CommandSpec> pending = new ArrayList<>(table.all());
        for (int i = 0; i < pending.size(); i++) {
            CommandSpec spec = pending.get(i);
            pending.addAll(spec.subcommands());
            all.put(spec.name(), String.join(" | ", String.valueOf(spec.arity()), spec.flags().toString(),
                    spec.firstKey() + "," + spec.lastKey() + "," + spec.step(),
                    new java.util.TreeSet<>(spec.aclCategories()).toString(),
                    spec.requestPolicy() + "/" + spec.responsePolicy() + "/" + spec.nondeterministicOutput(),
                    spec.keySpecs().toString(),
                    spec.docsReply() == null ? "no docs" : Integer.toString(spec.docsReply().readableBytes())));
        }
        return all;
    }
}
