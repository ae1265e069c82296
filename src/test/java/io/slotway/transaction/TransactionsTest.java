package io.slotway.transaction;

import io.slotway.command.CommandTable;
import io.slotway.config.ConfigLoader;
import io.slotway.forward.MirrorTraffic;
import io.slotway.forward.Mirrors;
import io.slotway.protocol.Request;
import io.slotway.route.Routes;
import io.slotway.testing.RecordingClient;
import io.slotway.upstream.ShardedUpstream;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Transactions against a topology that changes under them, without sockets: a sharded ring losing a node. */
class TransactionsTest {

    private static final CommandTable TABLE = CommandTable.standard();

    private final ShardedUpstream upstream = sharded();
    private final Routes routes = Routes.single(upstream, List.of(upstream));
    private final Transactions transactions = new Transactions(routes, new Mirrors(new MirrorTraffic(), 100), 100,
            TABLE.lookup("ping"), TABLE.lookup("select"), 16, false);
    private final RecordingClient client = new RecordingClient(1, null);

    private static ShardedUpstream sharded() {
        try {
            return new ShardedUpstream(ConfigLoader.parse("""
                    listen: 127.0.0.1:0
                    upstreams:
                      main:
                        mode: sharded
                        eject_after: 1
                        nodes: ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"]
                    routes:
                      default: main
                    """, "test").upstreams().get("main"), Optional.empty());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String send(String... args) {
        int before = client.answers().size();
        Request request = RecordingClient.request(args);
        // The dispatcher's choice, with every key on the default route.
        client.state().route(routes.home());
        switch (args[0]) {
            case "MULTI" -> transactions.multi(client, request);
            case "EXEC" -> transactions.exec(client, request);
            default -> transactions.queue(client, request, TABLE.lookup(request));
        }
        return client.answers().size() > before ? client.lastAnswer() : null;
    }

    @Test
    void execRunsOnTheNodeOfItsKeysAsOneUnit() {
        send("MULTI");
        assertThat(send("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
        assertThat(send("EXEC")).isNull();
        assertThat(client.units()).hasSize(1);
    }

    @Test
    void aNodeLeavingTheRingBetweenMultiAndExecAbortsInsteadOfWritingElsewhere() {
        send("MULTI");
        assertThat(send("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
        upstream.healthChecked(upstream.nodes().get(0), false);
        assertThat(send("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of: the upstream's shards "
                + "changed during the transaction; run it again\r\n");
        assertThat(client.units()).isEmpty();
        assertThat(client.state().mode()).isNotInstanceOf(Transaction.class);
    }
}
