package io.slotway.testing;

import io.slotway.session.Client;
import io.slotway.session.ClientDirectory;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A directory with no event loops, for dispatchers tested without a server: CLIENT LIST finds nobody. */
public final class NoClients implements ClientDirectory {

    @Override
    public <T> CompletableFuture<List<T>> visit(Function<Collection<? extends Client>, List<T>> visit) {
        return CompletableFuture.completedFuture(List.of());
    }
}
