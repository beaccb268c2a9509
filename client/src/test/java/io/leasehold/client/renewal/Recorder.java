package io.leasehold.client.renewal;

import java.util.ArrayList;
import java.util.List;

/** A listener that writes down every event, with the fake clock's time (relative). */
final class Recorder implements RenewalListener {
  private final FakeTokenServer server;
  final List<Login> logins = new ArrayList<>();
  final List<Long> loginTimes = new ArrayList<>();
  final List<TokenLease> renewals = new ArrayList<>();
  final List<Failure> errors = new ArrayList<>();
  final List<DoneReason> done = new ArrayList<>();
  final List<DoneReason> relogins = new ArrayList<>();
  long doneAt = -1;

  Recorder(FakeTokenServer server) {
    this.server = server;
  }

  @Override
  public synchronized void onLogin(Login login) {
    logins.add(login);
    loginTimes.add(server.now());
  }

  @Override
  public synchronized void onRelogin(DoneReason reason) {
    relogins.add(reason);
  }

  @Override
  public synchronized void onRenewed(TokenLease lease) {
    renewals.add(lease);
  }

  @Override
  public synchronized void onError(Throwable failure, Failure kind) {
    errors.add(kind);
  }

  @Override
  public synchronized void onDone(DoneReason reason) {
    done.add(reason);
    doneAt = server.now();
  }
}
