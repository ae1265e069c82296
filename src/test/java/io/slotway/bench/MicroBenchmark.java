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
 * The settings every in-process microbenchmark shares (JMH's class annotations are inherited): average ns/op,
 * one fork on {@link EventLoopThreads} without leak detection, 3 x 1 s warm-up, 5 x 1 s measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgs = {EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS,
        EventLoopThreads.NO_LEAK_DETECTION, EventLoopThreads.NO_RECYCLING})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class MicroBenchmark {
}
