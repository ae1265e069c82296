package io.slotway.loop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue for arbitrary timeouts keeps deadlines in order whatever order they are armed in. */
class DeadlineQueueTest {

    private final List<String> expired = new ArrayList<>();

    private Deadline named(String name) {
        return new Deadline() {
            @Override
            protected void expired() {
                expired.add(name);
            }
        };
    }

    @Test
    void deadlinesOfAnyTimeoutExpireInTimeOrder() {
        DeadlineQueue queue = new DeadlineQueue(-1);
        queue.insertSorted(named("c"), 300);
        queue.insertSorted(named("a"), 100);
        queue.insertSorted(named("d"), 400);
        queue.insertSorted(named("b"), 200);
        queue.insertSorted(named("b2"), 200);
        assertThat(queue.expire(250)).isEqualTo(300);
        assertThat(expired).containsExactly("a", "b", "b2");
        assertThat(queue.expire(1_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(expired).containsExactly("a", "b", "b2", "c", "d");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aDisarmedDeadlineLeavesTheOthersInOrder() {
        DeadlineQueue queue = new DeadlineQueue(-1);
        Deadline middle = named("middle");
        queue.insertSorted(named("first"), 10);
        queue.insertSorted(middle, 20);
        queue.insertSorted(named("last"), 30);
        middle.disarm();
        assertThat(middle.isArmed()).isFalse();
        queue.expire(100);
        assertThat(expired).containsExactly("first", "last");
    }

    @Test
    void anAppendTimedFromAnEarlierReadingOfTheClockIsNeverDueBeforeTheLastOne() {
        DeadlineQueue queue = new DeadlineQueue(100);
        Deadline late = named("late");
        queue.append(named("first"), 50);
        queue.append(late, 40);
        assertThat(late.deadlineNanos).isEqualTo(150);
        assertThat(queue.expire(149)).isEqualTo(150);
        assertThat(expired).isEmpty();
        queue.expire(150);
        assertThat(expired).containsExactly("first", "late");
    }
}
