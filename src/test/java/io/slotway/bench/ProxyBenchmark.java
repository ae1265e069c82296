package io.slotway.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The settings of benchmarks that run a whole Slotway (one event loop) in front of real redis-servers inside the
 * JMH process: one shared state, 2 s iterations (a round trip is microseconds, not nanoseconds).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS,
        EventLoopThreads.NO_LEAK_DETECTION, EventLoopThreads.NO_RECYCLING})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class ProxyBenchmark {
}
