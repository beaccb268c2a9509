package io.leasehold.server.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTextTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "abc         | \"abc\"",
      "a\"b        | \"a\\\"b\"",
      "a\\b        | \"a\\\\b\"",
      "héllo/✓     | \"héllo/✓\"",
  })
  void quote_likeGosPercentQ(String in, String out) {
    assertThat(GoText.quote(in)).isEqualTo(out);
  }

  @Test
  void quote_escapesControlCharacters() {
    assertThat(GoText.quote("a\nb\tc\u0001\u007f")).isEqualTo("\"a\\nb\\tc\\x01\\x7f\"");
    assertThat(GoText.quote("\u200b")).isEqualTo("\"\\u200b\"");
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1h,3600000000000", "1h30m,5400000000000", "1.5s,1500000000", ".5s,500000000",
      "300ms,300000000", "1us,1000", "1µs,1000", "1ns,1", "-2m,-120000000000", "+3s,3000000000",
      "1h1m1s1ms,3661001000000"})
  void parseDuration_asGo(String in, long nanos) {
    assertThat(GoText.parseDuration(in)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''       | time: invalid duration \"\"",
      "abc      | time: invalid duration \"abc\"",
      "1        | time: missing unit in duration \"1\"",
      "1x       | time: unknown unit \"x\" in duration \"1x\"",
      ".s       | time: invalid duration \".s\"",
      "-        | time: invalid duration \"-\"",
      "9999999999h | time: invalid duration \"9999999999h\"",
  })
  void parseDuration_errorsAsGo(String in, String message) {
    assertThatThrownBy(() -> GoText.parseDuration(in)).hasMessage(message);
  }

  @Test
  void parseDurationSecond_formsAndErrors() {
    assertThat(GoText.parseDurationSecond("")).isZero();
    assertThat(GoText.parseDurationSecond("60")).isEqualTo(Duration.ofMinutes(1));
    assertThat(GoText.parseDurationSecond("-5")).isEqualTo(Duration.ofSeconds(-5));
    assertThat(GoText.parseDurationSecond("3d")).isEqualTo(Duration.ofDays(3));
    assertThat(GoText.parseDurationSecond("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(GoText.parseDurationSecond(new BigDecimal("1.25"))).isEqualTo(Duration.ofMillis(1250));
    assertThatThrownBy(() -> GoText.parseDurationSecond("xd"))
        .hasMessage("strconv.ParseInt: parsing \"x\": invalid syntax");
    assertThatThrownBy(() -> GoText.parseDurationSecond(Boolean.TRUE))
        .hasMessage("could not parse duration from input");
    assertThatThrownBy(() -> GoText.parseDurationSecond(new BigDecimal("1e30")))
        .hasMessageStartingWith("time: invalid duration");
  }
}
