package io.slotway.admin;

import io.slotway.config.SlotwayConfig;
import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.counters.Counters;
import io.slotway.metrics.SlowLog;
import io.slotway.upstream.Upstream;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the admin API can see of a running Slotway, and the two things it can do to it (drain, reload). Thread-safe. */
public interface AdminApi {

    String version();

    SlotwayConfig config();

    Counters metrics();

    SlowLog slowLog();

    List<Upstream> upstreams();

    boolean isDraining();

    /** Why Slotway should not get traffic now; empty when it is ready. */
    List<String> notReadyReasons();

    /** Requests in flight past the long-running threshold, gathered from every event loop. */
    CompletableFuture<List<InflightRequest>> inflight();

    /** Starts a graceful drain without exiting: no new clients, each current one closed once idle. */
    void drain();

    /** Reads the config file again and applies it, off the caller's thread; see {@link ReloadOutcome}. */
    CompletableFuture<ReloadOutcome> reload();

    /** A reload's result: applied with a summary, or refused with every reason (the running config stays). */
    record ReloadOutcome(boolean applied, List<String> lines) {
    }
}
