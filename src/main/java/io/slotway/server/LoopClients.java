package io.slotway.server;

import io.netty.channel.EventLoop;
import io.slotway.session.Client;
import io.slotway.session.ClientDirectory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The clients of every Worker: a visit runs on each event loop, over that loop's own sessions. */
final class LoopClients implements ClientDirectory {

    /** Empty until the server's loops start. */
    private volatile Map<EventLoop, Worker> workers = Map.of();

    void attach(Map<EventLoop, Worker> workers) {
        this.workers = workers;
    }

    @Override
    public <T> CompletableFuture<List<T>> visit(Function<Collection<? extends Client>, List<T>> visit) {
        List<CompletableFuture<List<T>>> perLoop = new ArrayList<>();
        workers.forEach((loop, worker) -> perLoop.add(CompletableFuture.supplyAsync(
                () -> visit.apply(List.copyOf(worker.sessions())), loop)));
        return CompletableFuture.allOf(perLoop.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<T> all = new ArrayList<>();
            perLoop.forEach(part -> all.addAll(part.join()));
            return all;
        });
    }
}
