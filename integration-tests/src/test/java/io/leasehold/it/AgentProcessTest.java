package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leasehold.it.SinkReader.Read;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's "must show" with real processes: a {@code ./leasehold server} on RocksDB (initialized,
 * unsealed, AppRole enabled) and {@code ./leasehold agent} processes writing a file sink that a
 * reader in this test uses as an application would. The server restart comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class AgentProcessTest {
  /** Tokens renewed forever: period 3 s. */
  private static final String PERIODIC = "periodic";
  /** Tokens that cannot live past 4 s: TTL 2 s, max TTL 4 s. */
  private static final String CAPPED = "capped";

  @TempDir static Path tmp;

  private OperatedServer server;

  @BeforeAll
  void startServer() throws IOException {
    server = OperatedServer.start(Files.createDirectories(tmp.resolve("server")));
    server.initAndUnseal();
    String root = server.rootToken();
    server.sys(root).enableAuth(EnableAuthRequest.newBuilder().setType("approle").build());
    server.appRole(root).writeRole(WriteAppRoleRequest.newBuilder().setRoleName(PERIODIC)
        .setTokenPeriod(seconds(3)).build());
    server.appRole(root).writeRole(WriteAppRoleRequest.newBuilder().setRoleName(CAPPED)
        .setTokenTtl(seconds(2)).setTokenMaxTtl(seconds(4)).build());
  }

  @AfterAll
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  /**
   * A directory with the role's role_id and a fresh secret_id, an empty {@code sink/}, and
   * {@code agent.hcl} logging in with them (plus {@code methodExtra} in the method block and,
   * unless null, {@code remove_secret_id_file_after_reading = REMOVE}).
   */
  private Path agentDir(String name, String role, String methodExtra, Boolean remove)
      throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.createDirectories(dir.resolve("sink"));
    var appRole = server.appRole(server.rootToken());
    Files.writeString(dir.resolve("role_id"), appRole.readRoleId(
        ReadRoleIdRequest.newBuilder().setRoleName(role).build()).getRoleId() + "\n");
    Files.writeString(dir.resolve("secret_id"), appRole.generateSecretId(
        GenerateSecretIdRequest.newBuilder().setRoleName(role).build()).getSecretId() + "\n");
    Files.writeString(dir.resolve("agent.hcl"), agentConfig(server.port, methodExtra,
        remove == null ? "" : "remove_secret_id_file_after_reading = " + remove, "sink/token"));
    return dir;
  }

  private static String agentConfig(int port, String methodExtra, String configExtra,
      String sink) {
    return String.join("\n",
        "vault {",
        "  address = \"127.0.0.1:" + port + "\"",
        "}",
        "auto_auth {",
        "  method \"approle\" {",
        "    " + methodExtra,
        "    config {",
        "      role_id_file_path   = \"role_id\"",
        "      secret_id_file_path = \"secret_id\"",
        "      " + configExtra,
        "    }",
        "  }",
        "  sink \"file\" {",
        "    config {",
        "      path = \"" + sink + "\"",
        "      mode = \"0640\"",
        "    }",
        "  }",
        "}",
        "");
  }

  /** Reads and uses the sink every 50 ms until its token works; fails after {@code seconds}. */
  private static Read awaitWorkingToken(SinkReader reader, AgentProcess agent, long seconds)
      throws IOException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (true) {
      Read r = reader.read();
      if (r.ok()) {
        return r;
      }
      assertThat(agent.process.isAlive()).as("agent running; its log:%n%s", agent.log()).isTrue();
      assertThat(System.nanoTime() - deadline).as("no working token in the sink after %d s;"
          + " last read %s; agent log:%n%s", seconds, r, agent.log()).isNegative();
      // Poll cadence (the agent is a separate process on real time, so nothing to advance), inside
      // the deadline checked above.
      LockSupport.parkNanos(50_000_000L);
    }
  }

  private static String secretIdOf(Path dir) throws IOException {
    return Files.readString(dir.resolve("secret_id")).strip();
  }

  private static Path sinkOf(Path dir) {
    return dir.resolve("sink/token");
  }

  @Test
  @Order(1)
  void periodicToken_readEvery100msFor20s_neverFails() throws Exception {
    Path dir = agentDir("periodic", PERIODIC, "", null);
    String secretId = secretIdOf(dir);
    try (AgentProcess agent = AgentProcess.start(dir)) {
      Path sink = sinkOf(dir);
      String token = awaitWorkingToken(new SinkReader(server, sink), agent, 60).content();
      long firstTokenMillis = (System.nanoTime() - agent.startedNanos) / 1_000_000;

      SinkReader reader = new SinkReader(server, sink);
      reader.run(100, 20_000);

      assertThat(reader.reads).hasSize(200);
      assertThat(reader.failures()).as("failed reads").isEmpty();
      // The same token throughout, alive for 20 s on a 3 s period: the agent renewed it.
      assertThat(reader.firstSeen().keySet()).containsExactly(token);
      long renewals = agent.count("token renewed");
      assertThat(renewals).isGreaterThanOrEqualTo(20 / 3);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sink)))
          .isEqualTo("rw-r-----");
      // Vault Agent's default remove_secret_id_file_after_reading = true.
      assertThat(dir.resolve("secret_id")).doesNotExist();
      assertThat(dir.resolve("role_id")).exists();
      assertThat(agent.log()).doesNotContain(token).doesNotContain(secretId)
          .doesNotContain("Exception");
      long minLeft = reader.reads.stream().mapToLong(r -> r.expireAt() - r.doneAt()).min()
          .orElseThrow();
      System.out.printf("agent: first token after %d ms; 200 reads in 20 s, 0 failures;"
          + " %d renewals; least TTL left at a read %d ms%n", firstTokenMillis, renewals, minLeft);
    }
  }

  /**
   * Tokens that cannot be renewed past 4 s are replaced by new logins. A read that fails is
   * allowed only in this race: the token was alive when the file was read (its last reported
   * expire_time is after the read), had run out when used (expire_time before the failure), and
   * the file already held the next token when the failure came back. That is, the token died
   * within the reader's own read-to-use window, after the agent had replaced it, so an
   * application that re-reads the file on failure recovers at once. Separately, every replacement
   * must have been seen before the old token's expire_time (the first sight of a new token is an
   * upper bound of the rename, so this is conservative).
   */
  @Test
  @Order(2)
  void cappedTokens_replacedAtomically_everyTokenReadWorks() throws Exception {
    Path dir = agentDir("capped", CAPPED, "", false);
    String secretId = secretIdOf(dir);
    try (AgentProcess agent = AgentProcess.start(dir)) {
      Path sink = sinkOf(dir);
      awaitWorkingToken(new SinkReader(server, sink), agent, 60);

      SinkReader reader = new SinkReader(server, sink);
      reader.run(20, 12_000);

      assertThat(reader.reads).as("every read a whole token").allSatisfy(r ->
          assertThat(r.whole()).as("%s", r).isTrue());
      Map<String, Read> seen = reader.firstSeen();
      assertThat(seen).as("distinct tokens").hasSizeGreaterThanOrEqualTo(3);
      List<String> sequence = new ArrayList<>();
      for (Read r : reader.reads) {
        if (sequence.isEmpty() || !sequence.get(sequence.size() - 1).equals(r.content())) {
          sequence.add(r.content());
        }
      }
      assertThat(sequence).as("no token comes back once replaced")
          .containsExactlyElementsOf(seen.keySet());

      List<String> tokens = new ArrayList<>(seen.keySet());
      long minMargin = Long.MAX_VALUE;
      for (int i = 1; i < tokens.size(); i++) {
        long expiry = reader.lastExpiry(tokens.get(i - 1));
        assertThat(expiry).as("token %d was looked up", i - 1).isPositive();
        long margin = expiry - seen.get(tokens.get(i)).readAt();
        assertThat(margin).as("token %d replaced before it expired", i - 1).isPositive();
        minMargin = Math.min(minMargin, margin);
      }
      long window = 0;
      for (Read f : reader.failures()) {
        long expiry = reader.lastExpiry(f.content());
        assertThat(f.code()).as("%s", f).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(expiry).as("alive when read: %s", f).isGreaterThan(f.readAt());
        assertThat(expiry).as("ran out before the failure: %s", f).isLessThanOrEqualTo(f.doneAt());
        assertThat(f.after()).as("already replaced: %s", f).isNotEqualTo(f.content());
        window = Math.max(window, f.doneAt() - f.readAt());
      }
      assertThat(dir.resolve("secret_id")).as("remove_secret_id_file_after_reading = false")
          .exists();
      String log = agent.log();
      for (String t : tokens) {
        assertThat(log).doesNotContain(t);
      }
      assertThat(log).doesNotContain(secretId).doesNotContain("Exception");
      System.out.printf("agent: %d reads in 12 s, %d distinct tokens, least margin between"
          + " a replacement and the old token's expiry %d ms, %d failures allowed by the race"
          + " (widest read-to-failure window %d ms), %d logins logged%n", reader.reads.size(),
          tokens.size(), minMargin, reader.failures().size(), window,
          agent.count("authentication successful"));
    }
  }

  /**
   * Bad setups end the process at once with exit 1 and one clear line, before any connection
   * (the address is a port nobody listens on, where a running agent would retry forever).
   */
  @Test
  @Order(3)
  void badConfig_exitsOneFast_withAClearMessage() throws Exception {
    int nobody = ServerProcess.freePort();
    Path missing = Files.createDirectories(tmp.resolve("bad-missing-role-id"));
    Files.writeString(missing.resolve("agent.hcl"), agentConfig(nobody, "", "", "token"));

    Path readOnly = Files.createDirectories(tmp.resolve("bad-sink"));
    Files.writeString(readOnly.resolve("role_id"), "r");
    Path sinkDir = Files.createDirectories(readOnly.resolve("ro"));
    Files.setPosixFilePermissions(sinkDir, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (Files.isWritable(sinkDir)) {
      sinkDir = Path.of("/proc/self"); // root writes anywhere; not into /proc
    }
    Files.writeString(readOnly.resolve("agent.hcl"),
        agentConfig(nobody, "", "", sinkDir.resolve("token").toString()));

    Path unknown = Files.createDirectories(tmp.resolve("bad-key"));
    Files.writeString(unknown.resolve("role_id"), "r");
    Files.writeString(unknown.resolve("agent.hcl"), agentConfig(nobody, "",
        "remove_secret_id_file_after_read = true", "token"));

    List<Path> dirs = List.of(missing, readOnly, unknown);
    List<AgentProcess> agents = new ArrayList<>();
    try {
      for (Path d : dirs) {
        agents.add(AgentProcess.start(d));
      }
      List<Long> millis = new ArrayList<>();
      for (AgentProcess a : agents) {
        assertThat(a.awaitExit(30)).as("exit code; log:%n%s", a.log()).isEqualTo(1);
        millis.add((System.nanoTime() - a.startedNanos) / 1_000_000);
      }
      assertThat(agents.get(0).log()).isEqualTo("Error: role_id_file_path "
          + missing.resolve("role_id") + " does not exist or is not a file\n");
      assertThat(agents.get(1).log()).startsWith("Error: sink directory " + sinkDir
          + " is not writable: ").hasLineCount(1);
      assertThat(agents.get(2).log()).isEqualTo("Error: " + unknown.resolve("agent.hcl")
          + ":10:7: unknown key remove_secret_id_file_after_read"
          + " in auto_auth.method \"approle\".config\n");
      System.out.printf("agent: bad configs exited 1 after %s ms (JVM start included)%n",
          millis);
    } finally {
      for (AgentProcess a : agents) {
        a.close();
      }
    }
  }

  /**
   * The server stopped (SIGTERM) for 5 s while an agent with a 3 s periodic token runs, then
   * started on the same RocksDB directory and unsealed: the token expired meanwhile, so the
   * agent must log in again, with the secret ID it kept in memory (the file was removed after
   * the first login). It backs off while the server is away (no more attempts than one per
   * second, its minimum backoff and minimum renewal interval) and writes a working token within
   * 5 s of the unseal: two of its max backoffs (2 s; the attempt that finds the connection failed
   * starts a new one, see PromptReconnect, the next goes through) and 1 s for the calls.
   */
  @Test
  @Order(4)
  void serverOutage_agentBacksOff_andRecoversAfterUnseal() throws Exception {
    Path dir = agentDir("outage", PERIODIC, "max_backoff = \"2s\"", null);
    try (AgentProcess agent = AgentProcess.start(dir)) {
      Path sink = sinkOf(dir);
      String before = awaitWorkingToken(new SinkReader(server, sink), agent, 60).content();
      long linesBefore = agent.log().lines().count();

      long stopping = System.nanoTime();
      server.stop();
      long stopped = System.nanoTime();
      // The deliberate outage the issue asks for: the server process is down for 5 s of real time
      // while the agent (another process) must back off, not spin.
      Thread.sleep(5_000);
      long starting = System.nanoTime();
      server.launch();
      long started = System.nanoTime();
      server.unseal();
      long unsealed = System.nanoTime();
      Read after = awaitWorkingToken(new SinkReader(server, sink), agent, 30);
      long recovered = System.nanoTime();

      assertThat(after.content()).as("a new token: the old one expired while the server was"
          + " down").isNotEqualTo(before);
      Throwable old = org.assertj.core.api.Assertions.catchThrowable(() -> server.tokens(before)
          .lookupSelf(LookupSelfRequest.getDefaultInstance()));
      assertThat(old).isInstanceOf(StatusRuntimeException.class);
      assertThat(((StatusRuntimeException) old).getStatus().getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(server.tokens(server.rootToken()).lookupSelf(LookupSelfRequest
          .getDefaultInstance()).getData().getPoliciesList()).as("durable root token")
          .containsExactly("root");
      long recoveryMillis = (recovered - unsealed) / 1_000_000;
      assertThat(recoveryMillis).as("sink's token works after unseal").isLessThan(5_000);

      List<String> during = agent.log().lines().skip(linesBefore).toList();
      long attempts = during.stream().filter(l -> l.contains("login with approle failed")
          || l.contains("renewing the token failed")).count();
      long windowMillis = (recovered - stopping) / 1_000_000;
      assertThat(attempts).as("failed attempts in %d ms:%n%s", windowMillis,
          String.join("\n", during)).isBetween(1L, windowMillis / 1_000 + 2);
      assertThat(during).as("one more login").filteredOn(
          l -> l.contains("authentication successful")).hasSize(1);
      assertThat(agent.log()).doesNotContain("Exception").doesNotContain(before)
          .doesNotContain(after.content());
      System.out.printf("agent outage: SIGTERM to exit %d ms, down 5000 ms, start to serving"
          + " %d ms, unseal %d ms, unsealed to working sink token %d ms; %d failed attempts"
          + " logged in %d ms%n", (stopped - stopping) / 1_000_000,
          (started - starting) / 1_000_000, (unsealed - started) / 1_000_000, recoveryMillis,
          attempts, windowMillis);
      System.out.println(String.join("\n", during));
    }
  }
}
