package io.slotway.command;

import io.slotway.bench.Resp;
import io.slotway.protocol.Request;
import io.slotway.bench.MicroBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Command lookup and key location, as the router does them for every request: find the command's spec by its name
 * bytes (case-insensitive), then the argument index of each key from the spec's key specs.
 */
public class CommandLookupBenchmark extends MicroBenchmark {

    @Param({"get", "mset-10", "zunionstore", "object-encoding", "xreadgroup"})
    public String command;

    private final CommandTable table = CommandTable.standard();
    private final int[] keys = new int[64];
    private Request request;

    @Setup(Level.Trial)
    public void decode() {
        request = switch (command) {
            case "get" -> Resp.request("get", "key:000000000042");
            case "mset-10" -> Resp.request("MSET", "k0", "v", "k1", "v", "k2", "v", "k3", "v", "k4", "v",
                    "k5", "v", "k6", "v", "k7", "v", "k8", "v", "k9", "v");
            case "zunionstore" -> Resp.request("ZUNIONSTORE", "dst", "3", "a", "b", "c", "WEIGHTS", "1", "2", "3");
            case "object-encoding" -> Resp.request("OBJECT", "ENCODING", "key");
            default -> Resp.request("XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "STREAMS", "s1", "s2", ">", ">");
        };
    }

    @TearDown(Level.Trial)
    public void release() {
        request.release();
    }

    @Benchmark
    public CommandSpec lookup() {
        return table.lookup(request);
    }

    @Benchmark
    public int lookupAndLocateKeys() {
        int count = KeyLocator.locate(table.lookup(request), request, keys);
        if (count <= 0) {
            throw new IllegalStateException(command + ": " + count + " keys");
        }
        return count;
    }
}
