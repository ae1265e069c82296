package io.slotway.upstream;

import io.slotway.config.HostAndPort;
import io.slotway.config.ReadPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReadTargetsTest {

    private final UpstreamNode primary = node(7000);
    private final UpstreamNode replicaA = node(7001);
    private final UpstreamNode replicaB = node(7002);
    private final Shard shard = new Shard(0, primary, List.of(replicaA, replicaB));

    private static UpstreamNode node(int port) {
        return new UpstreamNode("main", new HostAndPort("127.0.0.1", port), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(1), 1, 1, true, 10_000, Optional.empty(), new NodeHealth());
    }

    @Test
    void primaryPolicyAlwaysReadsFromThePrimary() {
        primary.health().markDown("refused");
        assertThat(ReadTargets.pick(ReadPolicy.PRIMARY, shard, 1)).isSameAs(primary);
    }

    @Test
    void preferPrimaryFallsBackToAReplicaOnlyWhileThePrimaryIsDown() {
        assertThat(ReadTargets.pick(ReadPolicy.PREFER_PRIMARY, shard, 1)).isSameAs(primary);
        primary.health().markDown("refused");
        assertThat(ReadTargets.pick(ReadPolicy.PREFER_PRIMARY, shard, 1)).isIn(replicaA, replicaB);
        primary.health().markUp();
        assertThat(ReadTargets.pick(ReadPolicy.PREFER_PRIMARY, shard, 1)).isSameAs(primary);
    }

    @Test
    void replicaPolicySpreadsClientsAndSkipsADownReplica() {
        assertThat(ReadTargets.pick(ReadPolicy.REPLICA, shard, 0)).isSameAs(replicaA);
        assertThat(ReadTargets.pick(ReadPolicy.REPLICA, shard, 1)).isSameAs(replicaB);
        replicaA.health().markDown("refused");
        assertThat(ReadTargets.pick(ReadPolicy.REPLICA, shard, 0)).isSameAs(replicaB);
    }

    @Test
    void replicaPolicyNeverFallsBackToThePrimary() {
        replicaA.health().markDown("refused");
        replicaB.health().markDown("refused");
        assertThat(ReadTargets.pick(ReadPolicy.REPLICA, shard, 0)).isSameAs(replicaA);
    }

    @Test
    void preferReplicaFallsBackToThePrimaryWhenEveryReplicaIsDown() {
        replicaA.health().markDown("refused");
        replicaB.health().markDown("refused");
        assertThat(ReadTargets.pick(ReadPolicy.PREFER_REPLICA, shard, 0)).isSameAs(primary);
    }

    @Test
    void anyPolicySkipsNodesThatAreDown() {
        assertThat(ReadTargets.pick(ReadPolicy.ANY, shard, 2)).isSameAs(primary);
        primary.health().markDown("refused");
        assertThat(ReadTargets.pick(ReadPolicy.ANY, shard, 2)).isSameAs(replicaA);
    }

    @Test
    void shardWithoutReplicasAlwaysReadsFromThePrimary() {
        Shard alone = new Shard(0, primary, List.of());
        for (ReadPolicy policy : ReadPolicy.values()) {
            assertThat(ReadTargets.pick(policy, alone, 3)).isSameAs(primary);
        }
    }
}
