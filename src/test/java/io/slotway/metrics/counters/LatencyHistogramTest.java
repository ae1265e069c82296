package io.slotway.metrics.counters;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {

    @Test
    void recordedLatenciesAreReadableAfterTheNextSample() {
        LatencyHistogram latency = LatencyHistogram.recorded();
        latency.record(2_000_000);
        assertThat(latency.total().getTotalCount()).isZero();
        latency.sample();
        Histogram total = latency.total();
        assertThat(total.getTotalCount()).isEqualTo(1);
        assertThat(total.getValueAtPercentile(50)).isBetween(1_980L, 2_020L);
    }

    @Test
    void totalKeepsEverySampleWhileTheWindowForgetsSecondsOlderThanTen() {
        LatencyHistogram command = LatencyHistogram.recorded();
        LatencyHistogram all = LatencyHistogram.aggregate();
        command.record(50_000_000);
        all.sampleFrom(List.of(command.sample()));
        assertThat(all.recent().getMaxValue()).isBetween(49_000L, 51_000L);
        for (int second = 1; second < LatencyHistogram.WINDOW_SECONDS; second++) {
            command.record(1_000_000);
            all.sampleFrom(List.of(command.sample()));
        }
        assertThat(all.recent().getTotalCount()).isEqualTo(LatencyHistogram.WINDOW_SECONDS);
        command.record(1_000_000);
        all.sampleFrom(List.of(command.sample()));
        assertThat(all.recent().getTotalCount()).isEqualTo(LatencyHistogram.WINDOW_SECONDS);
        assertThat(all.recent().getMaxValue()).as("the slow second has left the window").isLessThan(2_000L);
        assertThat(all.total().getTotalCount()).isEqualTo(LatencyHistogram.WINDOW_SECONDS + 1);
        assertThat(command.total().getTotalCount()).isEqualTo(LatencyHistogram.WINDOW_SECONDS + 1);
    }

    @Test
    void latenciesBeyondAnHourAreCountedAsAnHour() {
        LatencyHistogram latency = LatencyHistogram.recorded();
        latency.record(Long.MAX_VALUE);
        latency.sample();
        assertThat(latency.total().getMaxValue()).isGreaterThanOrEqualTo(3_590_000_000L);
    }
}
