package io.slotway.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * SIGTERM and SIGINT: the first starts a graceful drain and exits 0 when it is done; a second exits at once.
 * A watchdog halts the process if the drain and the JVM's own exit have not finished within the drain timeout
 * plus a grace period, so a stuck thread can never keep Slotway alive after it was told to stop.
 */
public final class ShutdownSignals {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);
    static final Duration GRACE = Duration.ofMillis(1500);

    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Runnable drain;
    /** Read when the signal comes: a reload may have changed it. */
    private final Supplier<Duration> drainTimeout;

    private ShutdownSignals(Runnable drain, Supplier<Duration> drainTimeout) {
        this.drain = drain;
        this.drainTimeout = drainTimeout;
    }

    /** Installs handlers that run {@code drain} (which must itself respect {@code drainTimeout}) and then exit. */
    public static void install(Runnable drain, Supplier<Duration> drainTimeout) {
        ShutdownSignals signals = new ShutdownSignals(drain, drainTimeout);
        for (String name : new String[] {"TERM", "INT"}) {
            if (Signal.handle(new Signal(name), signals::onSignal) == SignalHandler.SIG_IGN) {
                // Inherited from the parent (a background job ignores SIGINT); the JVM keeps it ignored.
                log.warn("SIG{} is ignored by this process, so it cannot start a drain; use the other signal",
                        name);
            }
        }
    }

    private void onSignal(Signal signal) {
        if (!signalled.compareAndSet(false, true)) {
            log.warn("second SIG{}: exiting now", signal.getName());
            Runtime.getRuntime().halt(128 + signal.getNumber());
            return;
        }
        Duration timeout = drainTimeout.get();
        log.info("SIG{}: draining (up to {} ms), send it again to exit at once", signal.getName(),
                timeout.toMillis());
        startWatchdog(timeout);
        Thread stopper = new Thread(() -> {
            try {
                drain.run();
            } catch (RuntimeException e) {
                log.error("drain failed; exiting anyway", e);
            } finally {
                System.exit(0);
            }
        }, "slotway-shutdown");
        stopper.start();
    }

    private static void startWatchdog(Duration drainTimeout) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(drainTimeout.plus(GRACE).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            log.error("shutdown did not finish within {} ms; halting", drainTimeout.plus(GRACE).toMillis());
            Runtime.getRuntime().halt(1);
        }, "slotway-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
