package io.leasehold.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GoDurationsTest {

  @Test
  void parse_integerSecondsAndGoDurations() {
    assertThat(GoDurations.parse("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(GoDurations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDurations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(GoDurations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurations.parse("720h")).isEqualTo(Duration.ofDays(30));
    assertThat(GoDurations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(GoDurations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(GoDurations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDurations.parse("")).isEqualTo(Duration.ZERO);
    assertThat(GoDurations.parse("-5s")).isEqualTo(Duration.ofSeconds(-5));
  }

  @Test
  void parse_garbage_refusedWithGosMessages() {
    assertThatThrownBy(() -> GoDurations.parse("abc"))
        .hasMessage("time: invalid duration \"abc\"");
    assertThatThrownBy(() -> GoDurations.parse("10x"))
        .hasMessage("time: unknown unit \"x\" in duration \"10x\"");
    assertThatThrownBy(() -> GoDurations.parse("1h5"))
        .hasMessage("time: missing unit in duration \"1h5\"");
    assertThatThrownBy(() -> GoDurations.parse("1..5s")).hasMessageContaining("invalid");
    assertThatThrownBy(() -> GoDurations.parse("-")).hasMessageContaining("invalid");
    assertThatThrownBy(() -> GoDurations.parse("99999999999999999999"))
        .hasMessageContaining("invalid");
  }

  @Test
  void human_asVaultPrintsThem() {
    assertThat(GoDurations.human(0)).isEqualTo("0s");
    assertThat(GoDurations.human(45)).isEqualTo("45s");
    assertThat(GoDurations.human(60)).isEqualTo("1m");
    assertThat(GoDurations.human(3600)).isEqualTo("1h");
    assertThat(GoDurations.human(2764800)).isEqualTo("768h");
    assertThat(GoDurations.human(86350)).isEqualTo("23h59m10s");
    assertThat(GoDurations.human(3630)).isEqualTo("1h30s");
    assertThat(GoDurations.human(3660)).isEqualTo("1h1m");
    assertThat(GoDurations.human(-90)).isEqualTo("-1m30s");
  }

  @Test
  void human_thenParse_roundTrips() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      long seconds = random.nextInt(4) == 0 ? random.nextInt(120) : random.nextInt(10_000_000);
      assertThat(GoDurations.parse(GoDurations.human(seconds)))
          .as("seed %d, %d s", seed, seconds).isEqualTo(Duration.ofSeconds(seconds));
    }
  }
}
