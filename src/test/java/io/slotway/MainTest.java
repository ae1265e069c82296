package io.slotway;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private final Level level = ResourceLeakDetector.getLevel();
    private final String property = System.getProperty(Main.LEAK_DETECTION);
    private final String recycling = System.getProperty(Main.RECYCLER_CAPACITY);

    @AfterEach
    void restore() {
        if (property == null) {
            System.clearProperty(Main.LEAK_DETECTION);
        } else {
            System.setProperty(Main.LEAK_DETECTION, property);
        }
        ResourceLeakDetector.setLevel(level);
        if (recycling == null) {
            System.clearProperty(Main.RECYCLER_CAPACITY);
        } else {
            System.setProperty(Main.RECYCLER_CAPACITY, recycling);
        }
    }

    @Test
    void leakDetectionIsOffUnlessAPropertyAsksForIt() {
        System.clearProperty(Main.LEAK_DETECTION);
        ResourceLeakDetector.setLevel(Level.SIMPLE);
        Main.leakDetectionOffUnlessAsked();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.DISABLED);
    }

    @Test
    void leakDetectionPropertyIsLeftToNetty() {
        System.setProperty(Main.LEAK_DETECTION, "paranoid");
        ResourceLeakDetector.setLevel(Level.PARANOID);
        Main.leakDetectionOffUnlessAsked();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.PARANOID);
    }

    @Test
    void recyclingIsOffUnlessAPropertyAsksForIt() {
        System.clearProperty(Main.RECYCLER_CAPACITY);
        Main.recyclingOffUnlessAsked();
        assertThat(System.getProperty(Main.RECYCLER_CAPACITY)).isEqualTo("0");
    }

    @Test
    void recyclerCapacityUnderItsOldNameIsLeftToNetty() {
        System.clearProperty(Main.RECYCLER_CAPACITY);
        System.setProperty(Main.RECYCLER_CAPACITY_OLD, "4096");
        try {
            Main.recyclingOffUnlessAsked();
            assertThat(System.getProperty(Main.RECYCLER_CAPACITY)).isNull();
        } finally {
            System.clearProperty(Main.RECYCLER_CAPACITY_OLD);
        }
    }

    @Test
    void recyclerCapacityPropertyIsLeftToNetty() {
        System.setProperty(Main.RECYCLER_CAPACITY, "4096");
        Main.recyclingOffUnlessAsked();
        assertThat(System.getProperty(Main.RECYCLER_CAPACITY)).isEqualTo("4096");
    }
}
