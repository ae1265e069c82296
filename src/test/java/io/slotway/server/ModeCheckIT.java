package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed bug lived in confusing cluster and non-cluster nodes: Slotway refuses to start on a mismatch. */
class ModeCheckIT {

    @Test
    void standaloneUpstreamPointedAtAClusterNodeIsRefused() throws Exception {
        try (LocalRedis clusterNode = LocalRedis.start("--cluster-enabled", "yes")) {
            assertThatThrownBy(() -> TestSlotway.standalone(clusterNode.port()))
                    .isInstanceOf(SlotwayServer.StartupException.class)
                    .hasMessageContaining("cluster_enabled:1")
                    .hasMessageContaining("use mode: cluster");
        }
    }
}
