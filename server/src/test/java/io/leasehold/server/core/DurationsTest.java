package io.leasehold.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"0,0s", "5,5s", "60,1m", "90,1m30s", "3600,1h", "5400,1h30m", "2764800,768h",
      "2880000,800h", "3661,1h1m1s", "3601,1h0m1s", "-5,-5s"})
  void human_rendersLikeVault(long seconds, String expected) {
    assertThat(Durations.human(seconds)).isEqualTo(expected);
  }
}
