package io.slotway.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs around every test class (registered through the ServiceLoader): insists on PARANOID leak detection, and
 * after the class forces a collection and makes the detector report, failing the class if any buffer leaked.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collect();
        assertThat(leaks).as("Netty buffers leaked by (or before) %s", context.getDisplayName()).isEmpty();
    }

    /** The detector reports a leak only when a later allocation finds the collected, unreleased tracker. */
    static List<String> collect() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20);
            for (ByteBufAllocator alloc : new ByteBufAllocator[] {
                    PooledByteBufAllocator.DEFAULT, ByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
                ByteBuf probe = alloc.directBuffer(1);
                probe.release();
                ByteBuf heap = alloc.heapBuffer(1);
                heap.release();
            }
        }
        return LeakRecorder.drain();
    }
}
