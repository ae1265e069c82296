package io.slotway.session;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Every client of this process, on every event loop: what CLIENT LIST and CLIENT KILL act on. Thread-safe. */
public interface ClientDirectory {

    /**
     * Runs {@code visit} on each event loop over that loop's clients (so it may read and close them), and completes
     * with every loop's results together, on whichever loop finished last.
     */
    <T> CompletableFuture<List<T>> visit(Function<Collection<? extends Client>, List<T>> visit);
}
