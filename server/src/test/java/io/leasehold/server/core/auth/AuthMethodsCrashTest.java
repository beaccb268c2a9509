package io.leasehold.server.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.server.Core;
import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.auth.approle.AppRoleWrite;
import io.leasehold.server.core.auth.approle.SecretIdRequest;
import io.leasehold.server.core.mount.AuthMount;
import io.leasehold.server.core.mount.SystemDefaults;
import io.leasehold.server.core.token.CreatedToken;
import io.leasehold.server.storage.ForwardingStorage;
import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import io.leasehold.server.time.FakeClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A disable that a crash interrupts right after its first transaction (mount removed, work
 * recorded, no token revoked yet) is finished at the next start: the tokens are revoked and the
 * method's data is gone. Meanwhile the path cannot be enabled again.
 */
class AuthMethodsCrashTest {
  /** Storage that "crashes" (throws, committing nothing) once its budget of commits is spent. */
  static final class CrashingStorage extends ForwardingStorage {
    private final AtomicInteger budget = new AtomicInteger(Integer.MAX_VALUE);

    CrashingStorage(Storage delegate) {
      super(delegate);
    }

    void crashAfter(int commits) {
      budget.set(commits);
    }

    @Override
    public <T> T transact(Transaction.Work<T> work) {
      if (budget.getAndDecrement() <= 0) {
        throw new IllegalStateException("crash");
      }
      return delegate.transact(work);
    }

    @Override
    public void close() {
      // the "restarted" core keeps using the delegate
    }
  }

  /** A core as a server start makes it: built, then opened (which resumes pending disables). */
  private static Core core(Storage storage, FakeClock clock) {
    Core core = new Core(storage, clock, clock, () -> false, SystemDefaults.vault(), Runnable::run,
        3_600_000L);
    core.open();
    return core;
  }

  @Test
  void interruptedDisable_isFinishedAtTheNextStart() {
    FakeClock clock = new FakeClock(CoreFixture.START);
    InMemoryStorage disk = new InMemoryStorage();
    CrashingStorage crashing = new CrashingStorage(disk);
    Core before = core(crashing, clock);
    before.authMethods.enable(new EnableRequest("", "approle", "", null, null, null));
    before.appRoles.write(AppRoleWrite.named("", "ci"));
    String roleId = before.appRoles.roleId("", "ci");
    CreatedToken t1 = login(before, roleId);
    CreatedToken t2 = login(before, roleId);

    crashing.crashAfter(1);
    assertThatThrownBy(() -> before.authMethods.disable("approle")).hasMessage("crash");

    // What the crash left: the mount gone and the work recorded, its tokens still stored.
    crashing.crashAfter(Integer.MAX_VALUE);
    assertThat(before.mounts.list()).extracting(AuthMount::path).containsExactly("token/");
    assertThat(before.tokens.load(t1.entry().hash())).isPresent();
    assertThatThrownBy(() -> before.authMethods.enable(
        new EnableRequest("approle", "approle", "", null, null, null)))
        .isInstanceOf(LeaseholdException.class)
        .hasMessage("path is already in use at approle/");

    // The next start (opening the core) finishes it.
    Core after = core(disk, clock);

    assertThat(after.tokens.load(t1.entry().hash())).isEmpty();
    assertThat(after.tokens.load(t2.entry().hash())).isEmpty();
    assertThat(disk.scan(Keys.of("approle/"), Keys.prefixEnd(Keys.of("approle/")), 10)).isEmpty();
    assertThat(after.authMethods.resumePending()).isZero();
    after.authMethods.enable(new EnableRequest("approle", "approle", "", null, null, null));
  }

  private static CreatedToken login(Core core, String roleId) {
    String secret = core.secretIds.generate(new SecretIdRequest("", "ci", null, null, null, null,
        null)).secretId();
    return core.appRoleLogin.login("", roleId, secret, null);
  }
}
