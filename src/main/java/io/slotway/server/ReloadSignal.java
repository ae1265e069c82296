package io.slotway.server;

import io.slotway.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** SIGHUP reads the config file again and applies it, as {@code POST /reload} does; a refusal is logged. */
public final class ReloadSignal {

    private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    public static void install(SlotwayServer server) {
        SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> {
            log.info("SIGHUP: reloading the config file");
            // Off the signal thread: a reload probes new nodes and may take seconds.
            Thread reloader = new Thread(() -> {
                try {
                    server.reloadFromFile();
                } catch (ConfigException e) {
                    // Already logged with its reasons by the server.
                }
            }, "slotway-reload");
            reloader.start();
        });
        if (previous == SignalHandler.SIG_IGN) {
            // The JVM leaves a signal its parent ignored (nohup does) ignored: say so rather than fail silently.
            log.warn("SIGHUP is ignored by this process (started under nohup?), so it cannot reload the config; "
                    + "use POST /reload on the admin API, or start Slotway without nohup");
        }
    }
}
