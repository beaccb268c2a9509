package io.leasehold.server.core.token;

import static io.leasehold.server.CoreFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.grpc.StoreConsistency;
import io.leasehold.server.storage.ForwardingStorage;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.RocksDbSettings;
import io.leasehold.server.storage.RocksDbStorage;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.Transaction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revocation racing a renewal or a create of the very token it is removing, on RocksDB (the
 * in-memory store runs transactions one at a time, so it cannot show this). The race is placed
 * exactly: the racing call starts on another thread at the moment the revocation's transaction has
 * read the token's entry, and the revocation goes on once that call has finished or has been seen
 * to wait. Whatever the outcome of the racing call, the store must stay consistent: no expiry
 * index naming a deleted token (a renewal moved it after the revocation read the old one; found by
 * the crash test), no live token under a deleted parent.
 */
class RevocationRaceTest {
  /**
   * How long the revocation gives the racing call to finish before taking it as blocked by the
   * revocation's lock (the correct outcome). Wall-clock on purpose: it is a lock wait between two
   * real threads, not a lifetime; a committed racing call takes a few milliseconds.
   */
  private static final long BLOCKED_AFTER_MILLIS = 300;

  @TempDir
  Path dir;

  private CoreFixture f;
  private RacingStorage racing;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  private void open() {
    racing = new RacingStorage(RocksDbStorage.open(dir.resolve("store"),
        new RocksDbSettings(8L << 20, 4L << 20)));
    f = new CoreFixture(racing);
  }

  @Test
  void renewalOfALeafWhileItsParentsTreeIsRevoked_leavesNoExpiryBehind() throws Exception {
    open();
    CreatedToken parent = f.createAsRoot(req().policies(CoreFixture.CREATOR).ttl(3600).build());
    CreatedToken leaf = f.create(parent.tokenId(), req().ttl(600).build());
    f.clock.advanceSeconds(60);

    Outcome renewal = racing.when(leaf.entry().hash(),
        () -> f.core.renewer.renew(leaf.tokenId(), 3000));
    assertThat(f.core.revoker.revokeTree(parent.entry().hash())).isTrue();

    renewal.settle();
    assertThat(racing.fired()).as("the race was staged").isTrue();
    assertThat(f.live(leaf.tokenId())).isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void renewalOfAChildlessTokenWhileItIsRevoked_leavesNoExpiryBehind() throws Exception {
    open();
    CreatedToken token = f.createAsRoot(req().policies(CoreFixture.CREATOR).ttl(600).build());
    f.clock.advanceSeconds(60);

    Outcome renewal = racing.when(token.entry().hash(),
        () -> f.core.renewer.renew(token.tokenId(), 3000));
    assertThat(f.core.revoker.revokeTree(token.entry().hash())).isTrue();

    renewal.settle();
    assertThat(racing.fired()).isTrue();
    assertThat(f.live(token.tokenId())).isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void childCreatedUnderALeafWhileItsParentsTreeIsRevoked_isNotLeftParentless() throws Exception {
    open();
    CreatedToken parent = f.createAsRoot(req().policies(CoreFixture.CREATOR).ttl(3600).build());
    CreatedToken leaf = f.create(parent.tokenId(), req().ttl(3600).build());

    Outcome create = racing.when(leaf.entry().hash(),
        () -> f.create(leaf.tokenId(), req().ttl(3600).build()));
    assertThat(f.core.revoker.revokeTree(parent.entry().hash())).isTrue();

    Optional<Object> grandchild = create.settle();
    assertThat(racing.fired()).isTrue();
    grandchild.ifPresent(c -> assertThat(f.live(((CreatedToken) c).tokenId()))
        .as("a child that got in is revoked with the tree").isEmpty());
    assertThat(f.live(leaf.tokenId())).isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  @Test
  void cubbyholeWriteWhileItsTokenIsRevoked_leavesNoDataBehind() throws Exception {
    open();
    CreatedToken token = f.createAsRoot(req().policies(CoreFixture.CREATOR).ttl(3600).build());
    Struct secret = Struct.newBuilder()
        .putFields("k", Value.newBuilder().setStringValue("v").build()).build();

    // Placed after the revocation has listed the cubbyhole: a write landing then would be missed.
    Outcome write = racing.whenRead(Keys.of("cubbyhole/" + token.entry().hash() + "/"),
        () -> f.as(token.tokenId(), "cubbyhole/secret", Operation.UPDATE, c -> {
          f.core.cubbyhole.write(c, "secret", secret);
          return "written";
        }));
    assertThat(f.core.revoker.revokeTree(token.entry().hash())).isTrue();

    write.settle();
    assertThat(racing.fired()).isTrue();
    assertThat(f.storage.scan(Keys.of("cubbyhole/"), Keys.prefixEnd(Keys.of("cubbyhole/")), 10))
        .as("nothing of the revoked token's cubbyhole is left").isEmpty();
    assertThat(StoreConsistency.violations(f.core)).isEmpty();
  }

  /** The racing call: its result, or empty when it was refused (the token was gone by then). */
  private static final class Outcome {
    private final AtomicReference<CompletableFuture<Object>> running = new AtomicReference<>();

    Optional<Object> settle() throws InterruptedException, TimeoutException {
      CompletableFuture<Object> call = running.get();
      if (call == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(call.get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        // Refused because the revocation won: fine, as long as it was refused the proper way.
        assertThat(e.getCause()).isInstanceOf(LeaseholdException.class);
        return Optional.empty();
      }
    }
  }

  /**
   * Delegates to a real store; the first time a transaction reads (in any mode) the entry of the
   * armed token, it starts the racing call on another thread and lets the transaction go on only
   * once that call has finished or has waited {@link #BLOCKED_AFTER_MILLIS}.
   */
  private static final class RacingStorage extends ForwardingStorage {
    private volatile byte[] armedKey;
    private volatile java.util.concurrent.Callable<Object> call;
    private volatile Outcome outcome;
    private volatile boolean fired;

    RacingStorage(Storage delegate) {
      super(delegate);
    }

    /** Races the call against the first read of the token's entry. */
    Outcome when(String hash, java.util.concurrent.Callable<Object> racingCall) {
      return whenRead(TokenKeys.entry(hash), racingCall);
    }

    /** Races the call against the first read of the key, or the first scan starting at it. */
    Outcome whenRead(byte[] key, java.util.concurrent.Callable<Object> racingCall) {
      Outcome o = new Outcome();
      this.outcome = o;
      this.call = racingCall;
      this.armedKey = key;
      return o;
    }

    boolean fired() {
      return fired;
    }

    private <V> V afterRead(byte[] key, V value) {
      byte[] armed = armedKey;
      if (armed != null && Arrays.equals(armed, key)) {
        armedKey = null;
        fired = true;
        CompletableFuture<Object> started = CompletableFuture.supplyAsync(() -> {
          try {
            return call.call();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        outcome.running.set(started);
        try {
          started.get(BLOCKED_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException blockedByThisTransaction) {
          // The racing call waits for this transaction's lock: what a correct revocation causes.
        } catch (ExecutionException refused) {
          // Seen by the test through the outcome.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return value;
    }

    @Override
    protected Transaction wrap(Transaction tx) {
      return new ForwardingTransaction(tx) {
        @Override
        public Optional<byte[]> get(byte[] key) {
          return afterRead(key, tx.get(key));
        }

        @Override
        public Optional<byte[]> getForUpdate(byte[] key) {
          return afterRead(key, tx.getForUpdate(key));
        }

        @Override
        public Optional<byte[]> getForShare(byte[] key) {
          return afterRead(key, tx.getForShare(key));
        }

        @Override
        public List<KeyValue> scan(byte[] from, byte[] to, int limit) {
          return afterRead(from, tx.scan(from, to, limit));
        }
      };
    }
  }
}
