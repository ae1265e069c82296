package io.slotway.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopDefaultsTest {

    @Test
    void defaultEventLoopsAreHalfTheCoresAndAtLeastOne() {
        assertThat(SlotwayServer.defaultEventLoops(1)).isEqualTo(1);
        assertThat(SlotwayServer.defaultEventLoops(2)).isEqualTo(1);
        assertThat(SlotwayServer.defaultEventLoops(8)).isEqualTo(4);
        assertThat(SlotwayServer.defaultEventLoops(9)).isEqualTo(4);
    }
}
