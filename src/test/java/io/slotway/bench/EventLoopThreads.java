package io.slotway.bench;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH benchmark threads as Netty {@code FastThreadLocalThread}s, like Slotway's event loops. Netty 4.2 pools
 * recycled objects (requests, buffer slices) only on such threads, so on JMH's plain threads every pooled object
 * would be counted as an allocation Slotway never makes. Selected with
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=io.slotway.bench.EventLoopThreads}, see {@link #JVM_ARGS}.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {

    /** For {@code @Fork(jvmArgs = ...)}: event-loop threads, leak detection off (it allocates per buffer). */
    public static final String EXECUTOR = "-Djmh.executor=CUSTOM";
    public static final String EXECUTOR_CLASS = "-Djmh.executor.class=io.slotway.bench.EventLoopThreads";
    public static final String NO_LEAK_DETECTION = "-Dio.netty.leakDetection.level=disabled";
    /** Netty's recycler off, as {@code slotway run} turns it off: what a benchmark allocates is what Slotway does. */
    public static final String NO_RECYCLING = "-Dio.netty.recycler.maxCapacityPerThread=0";

    /** The constructor JMH's CUSTOM executor calls. */
    public EventLoopThreads(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
