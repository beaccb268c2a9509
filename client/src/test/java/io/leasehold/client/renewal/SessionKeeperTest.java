package io.leasehold.client.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionKeeperTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long HOUR = 3600 * SECOND;

  private final RenewalSettings settings = RenewalSettings.defaults().withRandom(new Random(11));

  @Test
  void explicitMaxTtlToken_replacedByReloginBeforeItExpires_everyTime() {
    FakeScheduler clock = new FakeScheduler(Long.MIN_VALUE + 17);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(1), Duration.ofMillis(300))
        .role(Duration.ofSeconds(60), Duration.ofSeconds(300), Duration.ZERO, true);
    Recorder events = new Recorder(server);
    SessionKeeper keeper =
        new SessionKeeper(server.auth(), server, clock, settings, events, false);
    keeper.start();

    // Check every second that the token the keeper hands out works.
    for (int i = 0; i < 3600; i++) {
      clock.advance(SECOND);
      String token = keeper.token().orElseThrow();
      assertThat(server.entry(token).validAt(server.now())).as("second %d", i).isTrue();
    }

    List<FakeTokenServer.Entry> issued = server.issued();
    assertThat(issued).hasSizeBetween(12, 20);
    for (int i = 1; i < issued.size(); i++) {
      FakeTokenServer.Entry previous = issued.get(i - 1);
      // Renewed up to its max, then replaced while it still had time left.
      assertThat(previous.expiry).isEqualTo(previous.maxExpiry);
      assertThat(issued.get(i).created).isLessThan(previous.expiry - 5 * SECOND);
    }
    assertThat(events.logins).hasSize(issued.size());
    assertThat(events.relogins).hasSize(issued.size() - 1).containsOnly(DoneReason.MAX_TTL_REACHED);
    assertThat(events.errors).isEmpty();
    assertThat(events.done).isEmpty();
  }

  @Test
  void revokedToken_replacedByALogin_noSoonerThanMinBackoffAfterTheLast() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(2), Duration.ZERO)
        .role(Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO, true);
    Recorder events = new Recorder(server);
    RenewalSettings slow = settings.withBackoff(Duration.ofSeconds(30), Duration.ofMinutes(5));
    SessionKeeper keeper = new SessionKeeper(server.auth(), server, clock, slow, events, false);
    keeper.start();
    clock.advance(1);
    server.revokeLatest(); // refused at the first renewal, ~7 s after the login

    clock.advance(60 * SECOND);

    assertThat(events.errors).containsExactly(Failure.UNAUTHENTICATED);
    assertThat(events.relogins).containsExactly(DoneReason.UNAUTHENTICATED);
    assertThat(server.loginStarts()).hasSize(2);
    assertThat(server.loginStarts().get(1) - server.loginStarts().get(0))
        .isGreaterThanOrEqualTo(30 * SECOND);
    assertThat(keeper.token()).contains(server.issued().get(1).id);
  }

  @Test
  void loginDuringAnOutage_retriedWithGrowingBackoff_untilTheServerIsBack() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(3), Duration.ZERO)
        .role(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, true)
        .outage(0, 200 * SECOND);
    Recorder events = new Recorder(server);
    SessionKeeper keeper = new SessionKeeper(server.auth(), server, clock, settings, events, false);
    keeper.start();

    clock.advance(HOUR);

    List<Long> starts = server.loginStarts();
    assertThat(keeper.token()).isPresent();
    assertThat(events.logins).hasSize(1);
    assertThat(events.errors).hasSize(starts.size() - 1).containsOnly(Failure.TRANSIENT);
    // 1 s doubling (plus up to half again): about 8 attempts for 200 s, not hundreds.
    assertThat(starts).hasSizeBetween(6, 10);
    for (int i = 1; i < starts.size(); i++) {
      long gap = starts.get(i) - starts.get(i - 1);
      assertThat(gap).isBetween(SECOND << (i - 1), (SECOND << (i - 1)) * 3 / 2);
    }
  }

  @Test
  void exitOnLoginError_endsAtTheFirstFailedLogin() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(4), Duration.ZERO)
        .role(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, true)
        .outage(0, 10 * SECOND);
    Recorder events = new Recorder(server);
    SessionKeeper keeper = new SessionKeeper(server.auth(), server, clock, settings, events, true);
    keeper.start();

    clock.advance(HOUR);

    assertThat(server.loginStarts()).hasSize(1);
    assertThat(keeper.done()).isCompletedWithValue(DoneReason.LOGIN_FAILED);
    assertThat(keeper.token()).isEmpty();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void staticToken_keptUntilItsMaxTtl_thenTheKeeperEndsWithThatReason() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(5), Duration.ZERO)
        .role(Duration.ofSeconds(60), Duration.ofSeconds(600), Duration.ZERO, true);
    String token = server.login().token();
    Recorder events = new Recorder(server);
    SessionKeeper keeper = new SessionKeeper(
        new StaticTokenAuth(" " + token + "\n", server), server, clock, settings, events, false);
    keeper.start();

    clock.advance(HOUR);

    assertThat(keeper.done()).isCompletedWithValue(DoneReason.MAX_TTL_REACHED);
    assertThat(events.logins).hasSize(1);
    assertThat(events.logins.get(0).revocable()).isFalse();
    assertThat(server.issued()).hasSize(1);
    assertThat(server.renewStarts()).isNotEmpty();
  }

  @Test
  void stopWithRevoke_revokesALoginToken_butNeverAStaticOne() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(6), Duration.ZERO)
        .role(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, true);
    Recorder events = new Recorder(server);
    SessionKeeper keeper = new SessionKeeper(server.auth(), server, clock, settings, events, false);
    keeper.start();
    clock.advance(SECOND);
    String token = keeper.token().orElseThrow();

    keeper.stop(true);
    keeper.stop(true); // idempotent: nothing more to revoke

    assertThat(server.entry(token).revokedAt).isGreaterThanOrEqualTo(0);
    assertThat(events.done).containsExactly(DoneReason.STOPPED);
    assertThat(keeper.token()).isEmpty();
    assertThat(clock.pending()).isZero();

    String given = server.login().token();
    SessionKeeper holder = new SessionKeeper(
        new StaticTokenAuth(given, server), server, clock, settings, new Recorder(server), false);
    holder.start();
    clock.advance(SECOND);
    holder.stop(true);
    assertThat(server.entry(given).revokedAt).isEqualTo(-1);
  }

  @Test
  void nonRenewableTokens_replacedAtTheirReauthPoint_neverRenewed() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(7), Duration.ZERO)
        .role(Duration.ofSeconds(100), Duration.ZERO, Duration.ZERO, false);
    Recorder events = new Recorder(server);
    SessionKeeper keeper = new SessionKeeper(server.auth(), server, clock, settings, events, false);
    keeper.start();

    clock.advance(1000 * SECOND);

    assertThat(server.renewStarts()).isEmpty();
    assertThat(server.issued()).hasSizeBetween(13, 15); // one per 70-73 s
    List<FakeTokenServer.Entry> issued = server.issued();
    for (int i = 1; i < issued.size(); i++) {
      assertThat(issued.get(i).created).isLessThan(issued.get(i - 1).expiry - 25 * SECOND);
    }
  }

  @Test
  void stopWithRevoke_duringALoginInFlight_revokesTheTokenThatLoginBrings() {
    FakeScheduler clock = new FakeScheduler(0);
    FakeTokenServer server = new FakeTokenServer(clock, new Random(8), Duration.ZERO)
        .role(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, true);
    SessionKeeper[] keeper = new SessionKeeper[1];
    AuthMethod stoppedMidway = new AuthMethod() {
      @Override
      public Login login() {
        keeper[0].stop(true); // another thread stops the keeper while the call is out
        return server.login();
      }

      @Override
      public String name() {
        return "slow";
      }
    };
    Recorder events = new Recorder(server);
    keeper[0] = new SessionKeeper(stoppedMidway, server, clock, settings, events, false);
    keeper[0].start();

    clock.advance(SECOND);

    assertThat(server.issued()).hasSize(1);
    assertThat(server.issued().get(0).revokedAt).isNotNegative();
    assertThat(events.logins).isEmpty();
    assertThat(events.done).containsExactly(DoneReason.STOPPED);
  }
}
