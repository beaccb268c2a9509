package io.leasehold.client.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.client.cli.ExitCodes;
import io.leasehold.client.renewal.AppRoleLogin;
import io.leasehold.client.renewal.FakeScheduler;
import io.leasehold.client.renewal.FakeTokenServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent loop with a fake clock, a model token server, real files. */
class AgentTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;
  private final StringWriter logText = new StringWriter();
  private final PrintWriter log = new PrintWriter(logText);
  private final FakeScheduler clock = new FakeScheduler(42);

  private AgentConfig config(boolean exitAfterAuth, boolean revoke, boolean exitOnErr)
      throws Exception {
    Files.writeString(dir.resolve("role_id"), "my-role\n");
    Files.writeString(dir.resolve("secret_id"), "my-secret\n");
    return AgentConfigParser.parse("agent.hcl", """
        exit_after_auth    = %s
        revoke_on_shutdown = %s
        auto_auth {
          method "approle" {
            exit_on_err = %s
            config {
              role_id_file_path   = "role_id"
              secret_id_file_path = "secret_id"
            }
          }
          sink "file" {
            config {
              path = "out/token"
            }
          }
        }
        """.formatted(exitAfterAuth, revoke, exitOnErr), dir);
  }

  /** An AppRole login against the model: checks the credentials, then issues a token. */
  private static AppRoleLogin loginTo(FakeTokenServer server, List<String> seen) {
    return (roleId, secretId) -> {
      seen.add(roleId + "/" + secretId);
      try {
        return server.auth().login();
      } catch (Exception e) {
        throw (RuntimeException) e;
      }
    };
  }

  private Agent agent(AgentConfig c, FakeTokenServer server, List<String> seen) throws Exception {
    Files.createDirectories(dir.resolve("out"));
    List<FileSink> sinks = new ArrayList<>();
    for (AgentConfig.FileSinkConfig s : c.sinks()) {
      sinks.add(new FileSink(s.path(), s.mode()));
    }
    return new Agent(c, AgentCommand.appRole(c.appRole(), loginTo(server, seen)), server, clock,
        sinks, new Random(3), log, java.time.Clock.fixed(java.time.Instant.parse(
            "2026-11-23T18:49:31.123456Z"), java.time.ZoneOffset.UTC));
  }

  @Test
  void tokenWrittenRenewedAndReplaced_atMaxTtl_sinkAlwaysHoldsAWorkingToken() throws Exception {
    FakeTokenServer server = new FakeTokenServer(clock, new Random(1), Duration.ofMillis(20))
        .role(Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ZERO, true);
    List<String> seen = new ArrayList<>();
    Agent agent = agent(config(false, false, false), server, seen);
    agent.start();
    Path sink = dir.resolve("out/token");

    for (int i = 0; i < 1200; i++) {
      clock.advance(SECOND / 2);
      String token = Files.readString(sink);
      assertThat(server.entry(token).validAt(server.now())).as("at %d ms", i * 500).isTrue();
    }

    assertThat(server.issued()).hasSizeBetween(5, 8); // one per ~100 s of max TTL
    assertThat(Files.readString(sink)).isEqualTo(server.issued().get(server.issued().size() - 1).id);
    // The secret ID file went at the first read; later logins reuse the value kept in memory.
    assertThat(dir.resolve("secret_id")).doesNotExist();
    assertThat(seen).hasSize(server.issued().size()).containsOnly("my-role/my-secret");
    assertThat(agent.exit()).isNotDone();
    String text = logText.toString();
    assertThat(text.lines()).as("every line time-stamped as Vault Agent's are")
        .allMatch(l -> l.startsWith("2026-11-23T18:49:31.123Z ["));
    assertThat(text).contains("authentication successful", "token written to 1 sink(s)",
        "token renewed", "[INFO] agent: the token can no longer be kept (max_ttl_reached):"
            + " logging in again");
    for (FakeTokenServer.Entry e : server.issued()) {
      assertThat(text).doesNotContain(e.id);
    }
    assertThat(text).doesNotContain("my-secret", "my-role");
  }

  @Test
  void exitAfterAuth_exitsZeroOnceTheTokenIsWritten_andRenewsNothing() throws Exception {
    FakeTokenServer server = new FakeTokenServer(clock, new Random(2), Duration.ZERO)
        .role(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO, true);
    Agent agent = agent(config(true, false, false), server, new ArrayList<>());
    agent.start();

    clock.advance(600 * SECOND);

    assertThat(agent.exit()).isCompletedWithValue(ExitCodes.OK);
    assertThat(Files.readString(dir.resolve("out/token"))).isEqualTo(server.issued().get(0).id);
    assertThat(server.issued()).hasSize(1);
    assertThat(server.renewStarts()).isEmpty();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void exitOnErr_exitsWithARemoteErrorAtTheFirstFailedLogin() throws Exception {
    FakeTokenServer server = new FakeTokenServer(clock, new Random(3), Duration.ZERO)
        .role(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO, true)
        .outage(0, Long.MAX_VALUE);
    Agent agent = agent(config(false, false, true), server, new ArrayList<>());
    agent.start();

    clock.advance(600 * SECOND);

    assertThat(agent.exit()).isCompletedWithValue(ExitCodes.REMOTE_ERROR);
    assertThat(dir.resolve("out/token")).doesNotExist();
    assertThat(logText.toString())
        .contains("login with approle failed (transient): UNAVAILABLE: connection refused")
        .contains("giving up: login_failed (exit_on_err is set)");
  }

  @Test
  void loginFailures_retriedWithBackoff_untilTheServerAnswers() throws Exception {
    FakeTokenServer server = new FakeTokenServer(clock, new Random(4), Duration.ZERO)
        .role(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO, true)
        .outage(0, 20 * SECOND);
    Agent agent = agent(config(false, false, false), server, new ArrayList<>());
    agent.start();

    clock.advance(60 * SECOND);

    assertThat(Files.readString(dir.resolve("out/token"))).isEqualTo(server.issued().get(0).id);
    assertThat(server.loginStarts()).hasSizeBetween(4, 7); // 1, 2, 4, 8, 16 s apart
    assertThat(logText.toString()).contains("; retrying with backoff");
  }

  @Test
  void shutdownWithRevoke_revokesTheToken_andExitsZero() throws Exception {
    FakeTokenServer server = new FakeTokenServer(clock, new Random(5), Duration.ZERO)
        .role(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO, true);
    Agent agent = agent(config(false, true, false), server, new ArrayList<>());
    agent.start();
    clock.advance(SECOND);

    agent.shutdown();
    agent.shutdown();

    assertThat(server.issued().get(0).revokedAt).isNotNegative();
    assertThat(agent.exit()).isCompletedWithValue(ExitCodes.OK);
    assertThat(logText.toString()).contains("shutting down, revoking the token");
  }

  @Test
  void sinkWriteFailure_retried_untilTheDirectoryIsBack() throws Exception {
    FakeTokenServer server = new FakeTokenServer(clock, new Random(6), Duration.ZERO)
        .role(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, true);
    AgentConfig c = config(false, false, false);
    Agent agent = agent(c, server, new ArrayList<>());
    Files.delete(dir.resolve("out"));
    agent.start();
    clock.advance(5 * SECOND);
    assertThat(logText.toString()).contains("writing the token to " + dir.resolve("out/token")
        + " failed");

    Files.createDirectory(dir.resolve("out"));
    clock.advance(60 * SECOND);

    assertThat(Files.readString(dir.resolve("out/token"))).isEqualTo(server.issued().get(0).id);
    assertThat(server.issued()).hasSize(1);
    assertThat(logText.toString()).doesNotContain(server.issued().get(0).id);
  }
}
