package io.leasehold.client.agent;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.leasehold.client.cli.ExitCodes;
import io.leasehold.client.renewal.AuthMethod;
import io.leasehold.client.renewal.DoneReason;
import io.leasehold.client.renewal.Failure;
import io.leasehold.client.renewal.Login;
import io.leasehold.client.renewal.RenewalListener;
import io.leasehold.client.renewal.RenewalSettings;
import io.leasehold.client.renewal.Scheduler;
import io.leasehold.client.renewal.SessionKeeper;
import io.leasehold.client.renewal.TokenLease;
import io.leasehold.client.renewal.TokenSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The sidecar agent: logs in, writes the token to every sink, keeps it renewed, and writes a fresh
 * token whenever the old one cannot be kept (see {@link SessionKeeper}). A failed sink write is
 * retried with the login backoff while that token is current. Log lines go to {@code log} and
 * never contain a token or a credential.
 *
 * <p>Ends (see {@link #awaitExit}) with 0 after the first token is written when {@code
 * exit_after_auth} is set, or when {@link #shutdown} is called; with an error code when {@code
 * exit_on_err} is set and a login fails.
 */
public final class Agent {
  /** Vault's log time stamp: {@code 2026-11-23T18:49:31.123Z}. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(ZoneOffset.UTC);

  private final AgentConfig config;
  private final Scheduler scheduler;
  private final List<FileSink> sinks;
  private final PrintWriter log;
  private final Clock wallClock;
  private final SessionKeeper keeper;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile Throwable lastLoginError;
  private volatile boolean written;

  /**
   * An agent for {@code config} that logs in with {@code auth}, renews through {@code session},
   * and writes {@code sinks}. Nothing happens until {@link #start}.
   *
   * @param wallClock the time stamped on each log line (UTC, milliseconds, as Vault Agent logs)
   */
  public Agent(AgentConfig config, AuthMethod auth, TokenSession session, Scheduler scheduler,
      List<FileSink> sinks, Random random, PrintWriter log, Clock wallClock) {
    this.config = Objects.requireNonNull(config, "config");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.sinks = List.copyOf(sinks);
    this.log = Objects.requireNonNull(log, "log");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    RenewalSettings settings = RenewalSettings.defaults()
        .withBackoff(config.minBackoff(), config.maxBackoff())
        .withRandom(random);
    this.keeper = new SessionKeeper(new LoggedAuth(auth), session, scheduler, settings,
        new Events(), config.exitOnErr());
  }

  /** Starts: the first login runs on the scheduler's thread. */
  public void start() {
    say("INFO", "starting: auto-auth with approle, " + sinks.size() + " file sink(s)");
    keeper.start();
  }

  /** Waits until the agent ends and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    try {
      return exit.get();
    } catch (ExecutionException e) {
      return ExitCodes.LOCAL_ERROR;
    }
  }

  /** The exit code, once the agent has ended. */
  public CompletableFuture<Integer> exit() {
    return exit;
  }

  /**
   * Stops renewing; with {@code revoke_on_shutdown}, revokes the token first (best effort). Ends
   * the agent with 0. Idempotent.
   */
  public void shutdown() {
    if (exit.isDone()) {
      return;
    }
    say("INFO", "shutting down" + (config.revokeOnShutdown() ? ", revoking the token" : ""));
    keeper.stop(config.revokeOnShutdown());
    exit.complete(ExitCodes.OK);
  }

  private void writeSinks(Login login, int attempt) {
    if (!keeper.token().map(login.token()::equals).orElse(false)) {
      return; // replaced or stopped meanwhile: the newer token is written by its own login
    }
    for (FileSink sink : sinks) {
      try {
        sink.write(login.token());
      } catch (IOException e) {
        long delay = Math.min(config.maxBackoff().toNanos(),
            config.minBackoff().toNanos() << Math.min(attempt, 20));
        say("ERROR", "writing the token to " + sink.path() + " failed (" + e.getMessage()
            + "); retrying in " + java.time.Duration.ofNanos(delay).toMillis() + " ms");
        scheduler.schedule(delay, () -> writeSinks(login, attempt + 1));
        return;
      }
    }
    say("INFO", "token written to " + sinks.size() + " sink(s)");
    if (!written) {
      written = true;
      if (config.exitAfterAuth()) {
        say("INFO", "exit_after_auth is set: exiting");
        keeper.stop(false);
        exit.complete(ExitCodes.OK);
      }
    }
  }

  private void say(String level, String message) {
    synchronized (log) {
      log.println(STAMP.format(wallClock.instant()) + " [" + level + "] agent: " + message);
      log.flush();
    }
  }

  /** A failure described for a log: the status code and the server's text, or the message. */
  static String describe(Throwable e) {
    if (e instanceof StatusRuntimeException || e instanceof StatusException) {
      Status s = Status.fromThrowable(e);
      return s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The auth method, with its failures logged as login failures. */
  private final class LoggedAuth implements AuthMethod {
    private final AuthMethod auth;

    LoggedAuth(AuthMethod auth) {
      this.auth = auth;
    }

    @Override
    public Login login() throws Exception {
      try {
        return auth.login();
      } catch (Exception e) {
        lastLoginError = e;
        say("ERROR", "login with " + auth.name() + " failed (" + Failure.of(e).name()
            .toLowerCase(java.util.Locale.ROOT) + "): " + describe(e)
            + (config.exitOnErr() ? "" : "; retrying with backoff"));
        throw e;
      }
    }

    @Override
    public boolean canRelogin() {
      return auth.canRelogin();
    }

    @Override
    public String name() {
      return auth.name();
    }
  }

  private final class Events implements RenewalListener {
    @Override
    public void onLogin(Login login) {
      TokenLease lease = login.lease();
      say("INFO", "authentication successful: token ttl " + lease.ttl().toSeconds() + "s, "
          + (lease.renewable() ? "renewable" : "not renewable"));
      writeSinks(login, 0);
    }

    @Override
    public void onRelogin(DoneReason reason) {
      boolean normal = reason == DoneReason.MAX_TTL_REACHED || reason == DoneReason.NOT_RENEWABLE;
      say(normal ? "INFO" : "WARN", "the token can no longer be kept ("
          + reason.name().toLowerCase(java.util.Locale.ROOT) + "): logging in again");
    }

    @Override
    public void onRenewed(TokenLease lease) {
      say("INFO", "token renewed: ttl " + lease.ttl().toSeconds() + "s");
    }

    @Override
    public void onError(Throwable failure, Failure kind) {
      if (failure != lastLoginError) {
        say("WARN", "renewing the token failed (" + kind.name().toLowerCase(java.util.Locale.ROOT)
            + "): " + describe(failure));
      }
    }

    @Override
    public void onDone(DoneReason reason) {
      if (reason == DoneReason.STOPPED) {
        return;
      }
      say("ERROR", "giving up: " + reason.name().toLowerCase(java.util.Locale.ROOT)
          + (reason == DoneReason.LOGIN_FAILED ? " (exit_on_err is set)" : ""));
      Throwable cause = lastLoginError;
      exit.complete(cause == null ? ExitCodes.LOCAL_ERROR : ExitCodes.forException(cause));
    }
  }
}
