package io.leasehold.client.renewal;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Holds a working token for as long as it runs: logs in through an {@link AuthMethod}, keeps the
 * token alive with a {@link LifetimeWatcher}, and logs in again whenever the watcher gives the
 * token up (max TTL near, not renewable, refused, or expired during an outage).
 *
 * <ul>
 *   <li>Failed logins are retried with exponential backoff and jitter (min/max backoff); while the
 *       previous token is still valid each delay is also at most half the time it has left, so a
 *       replacement is sought before it expires. With {@code exitOnLoginError} the first failed
 *       login ends the keeper instead ({@link DoneReason#LOGIN_FAILED}), as Vault Agent's {@code
 *       exit_on_err}.
 *   <li>Two logins never start closer than the min backoff, so a token refused right after login
 *       cannot turn into a login storm.
 *   <li>The minimum interval between renewals holds across tokens: a new token's first renewal
 *       starts at least that long after the previous token's last.
 *   <li>An auth method that cannot log in again (a static token) ends the keeper with the
 *       watcher's reason.
 * </ul>
 *
 * <p>Thread safety: {@link #start}, {@link #stop} and {@link #token} may be called from any
 * thread. Logins, renewals and events run on the scheduler's thread; no lock is held during a call.
 */
public final class SessionKeeper {
  private final AuthMethod auth;
  private final TokenSession session;
  private final Scheduler scheduler;
  private final RenewalSettings settings;
  private final RenewalListener listener;
  private final boolean exitOnLoginError;
  private final RenewalPacer pacer;
  private final CompletableFuture<DoneReason> done = new CompletableFuture<>();

  // Guarded by this.
  private boolean started;
  private boolean finished;
  private Login current;
  private LifetimeWatcher watcher;
  private int generation;
  private Scheduler.Cancellable pendingLogin;
  private int loginFailures;
  private boolean anyLogin;
  private long lastLoginStart;
  private boolean revokeLateLogins;

  /**
   * A keeper that logs in with {@code auth} and renews through {@code session}; {@code listener}
   * hears of every login (with the new token), renewal and error. Nothing happens until {@link
   * #start}.
   */
  public SessionKeeper(
      AuthMethod auth,
      TokenSession session,
      Scheduler scheduler,
      RenewalSettings settings,
      RenewalListener listener,
      boolean exitOnLoginError) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.session = Objects.requireNonNull(session, "session");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.exitOnLoginError = exitOnLoginError;
    this.pacer = new RenewalPacer(settings.minInterval().toNanos());
  }

  /** Starts with a login, on the scheduler's thread. Does nothing if already started or stopped. */
  public void start() {
    synchronized (this) {
      if (started || finished) {
        return;
      }
      started = true;
      pendingLogin = scheduler.schedule(0, this::login);
    }
  }

  /** The token currently held, if any login has succeeded and the keeper is running. */
  public synchronized Optional<String> token() {
    return finished || current == null ? Optional.empty() : Optional.of(current.token());
  }

  /** Completes with the reason the keeper ended. */
  public CompletableFuture<DoneReason> done() {
    return done;
  }

  /**
   * Stops renewing and logging in. With {@code revoke}, then revokes the token held if it came
   * from a login (never a static token or a batch token): one attempt, bounded by the session's
   * deadline, on the calling thread; a failure is reported to the listener and otherwise ignored,
   * since the token expires anyway. A login still in flight when this is called is revoked when
   * it returns, so stopping never leaves a fresh token nobody holds.
   */
  public void stop(boolean revoke) {
    Login held;
    synchronized (this) {
      held = finished ? null : current;
      revokeLateLogins = revokeLateLogins || revoke;
    }
    finish(DoneReason.STOPPED);
    if (revoke && held != null) {
      revokeQuietly(held);
    }
  }

  /** Revokes a token obtained by a login (never a static or batch one), reporting failures. */
  private void revokeQuietly(Login login) {
    if (!login.revocable()) {
      return;
    }
    try {
      session.revokeSelf(login.token());
    } catch (RuntimeException e) {
      Listeners.call(() -> listener.onError(e, Failure.of(e)));
    }
  }

  private void login() {
    long start;
    synchronized (this) {
      if (finished) {
        return;
      }
      pendingLogin = null;
      start = scheduler.nanoTime();
      anyLogin = true;
      lastLoginStart = start;
    }
    Login login;
    try {
      login = auth.login();
    } catch (Exception e) {
      loginFailed(e);
      return;
    }
    LifetimeWatcher next;
    LifetimeWatcher previous;
    boolean revokeLate;
    synchronized (this) {
      revokeLate = finished && revokeLateLogins;
    }
    if (revokeLate) {
      // Stopped with revoke while this login was in flight: nobody will hold the token.
      revokeQuietly(login);
      return;
    }
    synchronized (this) {
      if (finished) {
        return;
      }
      previous = watcher;
      loginFailures = 0;
      current = login;
      int gen = ++generation;
      next = new LifetimeWatcher(
          session, scheduler, settings, login.token(), login.lease(), start,
          new WatcherEvents(gen), pacer);
      watcher = next;
    }
    if (previous != null) {
      previous.stop(); // normally finished already; its STOPPED is ignored (old generation)
    }
    Listeners.call(() -> listener.onLogin(login));
    next.start();
  }

  private void loginFailed(Exception e) {
    Failure kind = Failure.of(e);
    Listeners.call(() -> listener.onError(e, kind));
    if (exitOnLoginError) {
      finish(DoneReason.LOGIN_FAILED);
      return;
    }
    synchronized (this) {
      if (finished) {
        return;
      }
      long now = scheduler.nanoTime();
      long delay = RenewalSchedule.backoff(loginFailures++, settings.minBackoff().toNanos(),
          settings.maxBackoff().toNanos(), settings.random());
      if (watcher != null && !watcher.neverExpires()) {
        long left = watcher.expiresAtNanos() - now;
        if (left > 0) {
          // The old token still works: try again well before it ends.
          delay = RenewalSchedule.boundedRetry(delay, left, settings.minInterval().toNanos());
        }
      }
      pendingLogin = scheduler.schedule(delay, this::login);
    }
  }

  /** The current watcher gave its token up: log in again, or end if that is impossible. */
  private void tokenDone(int gen, DoneReason reason) {
    if (reason == DoneReason.STOPPED) {
      return;
    }
    boolean relogin = auth.canRelogin();
    synchronized (this) {
      if (finished || gen != generation) {
        return;
      }
      if (relogin) {
        long now = scheduler.nanoTime();
        long earliest = lastLoginStart + settings.minBackoff().toNanos();
        long delay = anyLogin && earliest - now > 0 ? earliest - now : 0;
        pendingLogin = scheduler.schedule(delay, this::login);
      }
    }
    if (relogin) {
      Listeners.call(() -> listener.onRelogin(reason));
    } else {
      finish(reason);
    }
  }

  private void finish(DoneReason reason) {
    LifetimeWatcher w;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      if (pendingLogin != null) {
        pendingLogin.cancel();
        pendingLogin = null;
      }
      w = watcher;
    }
    if (w != null) {
      w.stop();
    }
    Listeners.call(() -> listener.onDone(reason));
    done.complete(reason);
  }

  /** Forwards one watcher's events while its token is the current one. */
  private final class WatcherEvents implements RenewalListener {
    private final int gen;

    WatcherEvents(int gen) {
      this.gen = gen;
    }

    private boolean isCurrent() {
      synchronized (SessionKeeper.this) {
        return !finished && gen == generation;
      }
    }

    @Override
    public void onRenewed(TokenLease lease) {
      if (isCurrent()) {
        listener.onRenewed(lease);
      }
    }

    @Override
    public void onError(Throwable failure, Failure kind) {
      if (isCurrent()) {
        listener.onError(failure, kind);
      }
    }

    @Override
    public void onDone(DoneReason reason) {
      tokenDone(gen, reason);
    }
  }
}
