package io.slotway.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.slotway.config.ConfigLoader;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.Closing;
import io.slotway.testing.SlotwayProcess;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys written through a running nutcracker (Debian's twemproxy) land where Slotway, started with the config
 * {@code slotway import twemproxy} made of nutcracker's own file, looks for them: for every twemproxy hash
 * function, with server weights, names and a hash tag on the ketama ring.
 */
class TwemproxyPlacementIT {

    private static final List<String> HASHES = List.of("fnv1a_64", "fnv1_64", "fnv1_32", "fnv1a_32",
            "one_at_a_time", "md5", "crc16", "crc32", "crc32a", "hsieh", "murmur", "jenkins");
    private static final int KEYS = 300;

    @TempDir
    static Path dir;
    private static final List<LocalRedis> nodes = new ArrayList<>();
    private static final Map<String, Integer> poolPorts = new LinkedHashMap<>();
    private static Process nutcracker;
    private static Path conf;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(LocalRedis.start());
        }
        StringBuilder yaml = new StringBuilder();
        for (String hash : HASHES) {
            int port = LocalRedis.freePort();
            poolPorts.put(hash, port);
            yaml.append(hash).append(":\n")
                    .append("  listen: 127.0.0.1:").append(port).append('\n')
                    .append("  hash: ").append(hash).append('\n')
                    .append(hash.equals("fnv1a_64") ? "  hash_tag: \"{}\"\n" : "")
                    .append("  distribution: ketama\n  redis: true\n  timeout: 2000\n  servers:\n")
                    .append("   - 127.0.0.1:").append(nodes.get(0).port()).append(":1 alpha\n")
                    .append("   - 127.0.0.1:").append(nodes.get(1).port()).append(":2\n")
                    .append("   - 127.0.0.1:").append(nodes.get(2).port()).append(":1 gamma\n");
        }
        conf = dir.resolve("nutcracker.yml");
        Files.writeString(conf, yaml);
        // Debian installs it in /usr/sbin, which a non-root user's PATH may lack.
        String binary = Files.isExecutable(Path.of("/usr/sbin/nutcracker")) ? "/usr/sbin/nutcracker" : "nutcracker";
        nutcracker = new ProcessBuilder(binary, "-c", conf.toString(), "-s",
                Integer.toString(LocalRedis.freePort()), "-a", "127.0.0.1", "-o", dir.resolve("nutcracker.log")
                .toString(), "-p", dir.resolve("nutcracker.pid").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nutcracker.out").toFile()).start();
        for (int port : poolPorts.values()) {
            awaitListening(port);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nutcracker != null) {
            nutcracker.destroy();
            nutcracker.waitFor(5, TimeUnit.SECONDS);
        }
        Closing.all(nodes);
    }

    private static void awaitListening(int port) throws Exception {
        // Bounded: nutcracker listens within a few seconds or the test fails.
        for (int i = 0; i < 200; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        throw new AssertionError("nutcracker did not listen on " + port + ": "
                + Files.readString(dir.resolve("nutcracker.log")));
    }

    private static String key(String hash, int i) {
        // Every tenth key carries a hash tag, which the fnv1a_64 pool honours.
        return i % 10 == 0 ? hash + ":{tag" + i % 3 + "}:" + i : hash + ":" + i;
    }

    @Test
    void everyHashFunctionPlacesKeysWhereNutcrackerDid() throws Exception {
        for (Map.Entry<String, Integer> pool : poolPorts.entrySet()) {
            // twemproxy closes a connection on CLIENT SETINFO, which Jedis sends unless told not to.
            try (Jedis twemproxy = new Jedis(new HostAndPort("127.0.0.1", pool.getValue()),
                    DefaultJedisClientConfig.builder().timeoutMillis(10_000)
                            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build())) {
                Pipeline pipeline = twemproxy.pipelined();
                for (int i = 0; i < KEYS; i++) {
                    pipeline.set(key(pool.getKey(), i), "v" + i);
                }
                pipeline.sync();
            }
        }
        Imported imported = TwemproxyImport.convert(new ObjectMapper(new YAMLFactory()).readTree(conf.toFile()),
                "nutcracker.yml");
        assertThat(imported.configs()).hasSize(HASHES.size());
        for (Imported.Config config : imported.configs()) {
            String yaml = config.yaml().replaceFirst("(?m)^listen: .*$", "listen: 127.0.0.1:0");
            ConfigLoader.parse(yaml, config.name());
            try (TestSlotway slotway = TestSlotway.start(yaml);
                 Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < KEYS; i++) {
                    keys.add(key(config.name(), i));
                }
                List<String> values = jedis.mget(keys.toArray(new String[0]));
                for (int i = 0; i < KEYS; i++) {
                    assertThat(values.get(i)).as("%s key %s", config.name(), keys.get(i)).isEqualTo("v" + i);
                }
            }
        }
        // The keys really are spread: each node holds some.
        for (LocalRedis node : nodes) {
            try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
                assertThat(direct.dbSize()).isGreaterThan((long) KEYS);
            }
        }
    }

    @Test
    void theCommandLineWritesOneConfigPerPoolThatPassesCheckConfig() throws Exception {
        Path out = dir.resolve("imported");
        SlotwayProcess.Result imported = SlotwayProcess.run("import", "twemproxy", conf.toString(), "--output-dir",
                out.toString());
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(HASHES.size());
        }
        SlotwayProcess.Result checked = SlotwayProcess.run("check-config", out.resolve("murmur.yaml").toString());
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        SlotwayProcess.Result several = SlotwayProcess.run("import", "twemproxy", conf.toString());
        assertThat(several.exitCode()).isEqualTo(1);
        assertThat(several.output()).contains("give --output-dir");
    }
}
