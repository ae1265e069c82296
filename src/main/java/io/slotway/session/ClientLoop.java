package io.slotway.session;

import io.slotway.command.CommandSpec;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.CommandMetrics;
import io.slotway.metrics.Metrics;
import io.slotway.metrics.SlowLog;
import io.slotway.upstream.LoopPools;

/** What the event loop a client lives on gives it: the serving generation, node pools, timers and metrics. */
public interface ClientLoop {

    /** The generation this loop serves now; a reload replaces it on the loop's own thread. */
    Served served();

    LoopServices services();

    LoopPools pools();

    Metrics metrics();

    /** The counters of {@code spec}, or of unknown commands when null; found without hashing a name. */
    CommandMetrics commandMetrics(CommandSpec spec);

    SlowLog slowLog();

    /** A client connected on this loop. */
    void opened(ClientSession session);

    /** A client left; false when it was not counted as open. */
    boolean closed(ClientSession session);
}
