package io.leasehold.server.core.token;

import static io.leasehold.server.Refusals.precondition;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TtlCalculatorTest {
  private static final long H = 3600;
  private static final long NOW = 1_630_475_278L;

  private static TtlCalculator.Result calc(long def, long max, long inc, long backendTtl,
      long period, long backendMax, long explicitMax, long start, long now) {
    return TtlCalculator.calculate(new TtlCalculator.Input(def, max, inc, backendTtl, period,
        backendMax, explicitMax, start, now));
  }

  @Test
  void nothingRequested_givesMountDefault() {
    assertThat(calc(768 * H, 768 * H, 0, 0, 0, 0, 0, NOW, NOW).ttlSeconds()).isEqualTo(768 * H);
  }

  @Test
  void defaultAboveMax_isCappedWithWarning() {
    TtlCalculator.Result r = calc(768 * H, H, 0, 0, 0, 0, 0, NOW, NOW);
    assertThat(r.ttlSeconds()).isEqualTo(H);
    assertThat(r.warnings()).containsExactly("TTL of \"768h\" exceeded the effective max_ttl of"
        + " \"1h\"; TTL value is capped accordingly");
  }

  @Test
  void incrementBeatsBackendTtl() {
    assertThat(calc(H, 10 * H, 60, 45, 0, 0, 0, NOW, NOW).ttlSeconds()).isEqualTo(60);
    assertThat(calc(H, 10 * H, 0, 45, 0, 0, 0, NOW, NOW).ttlSeconds()).isEqualTo(45);
  }

  @Test
  void maxCountsFromStart_notFromNow() {
    TtlCalculator.Result r = calc(H, 2 * H, H, 0, 0, 0, 0, NOW, NOW + H + 1800);
    assertThat(r.ttlSeconds()).isEqualTo(1800);
    assertThat(r.warnings()).containsExactly("TTL of \"1h\" exceeded the effective max_ttl of"
        + " \"30m\"; TTL value is capped accordingly");
  }

  @Test
  void pastTheMax_isRefused() {
    precondition("past the max TTL, cannot renew",
        () -> calc(H, 2 * H, H, 0, 0, 0, 0, NOW, NOW + 2 * H));
  }

  @Test
  void smallestOfMountBackendAndExplicitMaxWins() {
    assertThat(calc(H, 10 * H, 5 * H, 0, 0, 3 * H, 0, NOW, NOW).ttlSeconds()).isEqualTo(3 * H);
    assertThat(calc(H, 10 * H, 5 * H, 0, 0, 3 * H, 2 * H, NOW, NOW).ttlSeconds())
        .isEqualTo(2 * H);
  }

  @Test
  void periodicIgnoresIncrementAndMountMaxWindow() {
    TtlCalculator.Result r = calc(H, 2 * H, 5, 0, H, 0, 0, NOW, NOW + 100 * H);
    assertThat(r.ttlSeconds()).isEqualTo(H);
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void periodAboveMax_isCapped_thenBoundByExplicitMax() {
    // Vault's TestTokenStore_Periodic_ExplicitMax: mount max 10s, period 5, explicit max 4.
    TtlCalculator.Result r = calc(10, 10, 0, 0, 5, 0, 4, NOW, NOW);
    assertThat(r.ttlSeconds()).isEqualTo(4);
    assertThat(r.warnings()).containsExactly("period of \"5s\" exceeded the effective max_ttl of"
        + " \"4s\"; period value is capped accordingly");
  }

  @Test
  void periodicWithExplicitMax_runsOutAtExplicitMax() {
    TtlCalculator.Result r = calc(H, 768 * H, 0, 0, 60, 0, 100, NOW, NOW + 70);
    assertThat(r.ttlSeconds()).isEqualTo(30);
    precondition("past the max TTL, cannot renew",
        () -> calc(H, 768 * H, 0, 0, 60, 0, 100, NOW, NOW + 100));
  }

  @Test
  void zeroMax_isRefused() {
    io.leasehold.server.Refusals.invalid("max TTL must be greater than zero",
        () -> calc(H, 0, 0, 0, 0, 0, 0, NOW, NOW));
  }
}
