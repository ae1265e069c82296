package io.slotway.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.ArrayList;
import java.util.List;

/** Collects the reports of Netty's leak detector so that a leak fails the build instead of scrolling past. */
public final class LeakRecorder extends AppenderBase<ILoggingEvent> {

    private static final List<String> LEAKS = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getFormattedMessage().contains("LEAK")) {
            synchronized (LEAKS) {
                LEAKS.add(event.getFormattedMessage());
            }
        }
    }

    static List<String> drain() {
        synchronized (LEAKS) {
            List<String> copy = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return copy;
        }
    }
}
