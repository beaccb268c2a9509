package io.leasehold.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void nearestRankPercentilesOfOneToThousandInAnyOrder() {
    List<Long> values = new ArrayList<>();
    for (long v = 1; v <= 1000; v++) {
      values.add(v);
    }
    Collections.shuffle(values, new Random(42));
    LatencyRecorder recorder = new LatencyRecorder(16); // forces growth
    values.forEach(recorder::record);

    LatencyRecorder.Percentiles p = recorder.percentiles();

    assertThat(p.count()).isEqualTo(1000);
    assertThat(p.min()).isEqualTo(1);
    assertThat(p.p50()).isEqualTo(500);
    assertThat(p.p99()).isEqualTo(990);
    assertThat(p.p999()).isEqualTo(999);
    assertThat(p.max()).isEqualTo(1000);
    assertThat(p.mean()).isEqualTo(500.5);
  }

  @Test
  void smallSamplesRoundTheRankUp() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (long v = 10; v >= 1; v--) {
      recorder.record(v * 100);
    }

    LatencyRecorder.Percentiles p = recorder.percentiles();

    assertThat(p.p50()).isEqualTo(500); // 5th of 10
    assertThat(p.p99()).isEqualTo(1000); // ceil(9.9) = 10th
    assertThat(p.p999()).isEqualTo(1000);
  }

  @Test
  void aSkewedDistributionPutsTheTailInP99AndP999() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 0; i < 98_800; i++) {
      recorder.record(1_000);
    }
    for (int i = 0; i < 1_000; i++) {
      recorder.record(50_000);
    }
    for (int i = 0; i < 200; i++) {
      recorder.record(9_000_000);
    }

    LatencyRecorder.Percentiles p = recorder.percentiles();

    assertThat(p.count()).isEqualTo(100_000);
    assertThat(p.p50()).isEqualTo(1_000);
    assertThat(p.p99()).isEqualTo(50_000); // rank 99,000 of ranks 98,801..99,800
    assertThat(p.p999()).isEqualTo(9_000_000); // rank 99,900 of ranks 99,801..100,000
  }

  @Test
  void mergedRecordersEqualOneRecorderOfEverything() {
    Random random = new Random(7);
    LatencyRecorder all = new LatencyRecorder();
    List<LatencyRecorder> parts = List.of(new LatencyRecorder(), new LatencyRecorder(16), new LatencyRecorder());
    for (int i = 0; i < 30_000; i++) {
      long v = 1 + random.nextInt(1_000_000);
      all.record(v);
      parts.get(i % 3).record(v);
    }
    LatencyRecorder merged = new LatencyRecorder(16);
    parts.forEach(merged::addAll);

    assertThat(merged.count()).isEqualTo(30_000);
    assertThat(merged.percentiles()).isEqualTo(all.percentiles());
  }

  @Test
  void emptyAndSingle() {
    assertThat(new LatencyRecorder().percentiles()).isEqualTo(LatencyRecorder.Percentiles.EMPTY);

    LatencyRecorder one = new LatencyRecorder();
    one.record(42);
    LatencyRecorder.Percentiles p = one.percentiles();
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.min()).isEqualTo(42);
    assertThat(p.p50()).isEqualTo(42);
    assertThat(p.p999()).isEqualTo(42);
    assertThat(p.max()).isEqualTo(42);
  }
}
