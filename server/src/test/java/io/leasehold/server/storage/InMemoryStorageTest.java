package io.leasehold.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The contract, plus what is particular to the in-memory backend. */
final class InMemoryStorageTest extends StorageContractTest {

  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }

  @Test
  void type_isInmem() {
    assertThat(storage.type()).isEqualTo("inmem");
  }

  @Test
  void transact_alwaysConflicting_runsExactlyMaxAttemptsTimes() {
    AtomicInteger runs = new AtomicInteger();

    Throwable thrown =
        catchThrowable(
            () ->
                storage.transact(
                    tx -> {
                      throw new StorageConflictException("run " + runs.incrementAndGet());
                    }));

    assertThat(runs).hasValue(InMemoryStorage.MAX_ATTEMPTS);
    assertThat(thrown).hasMessage("run " + InMemoryStorage.MAX_ATTEMPTS);
  }

  @Test
  void transaction_usedFromAnotherThreadWhileOpen_isRejected() throws Exception {
    AtomicReference<Throwable> fromOtherThread = new AtomicReference<>();

    storage.transact(
        tx -> {
          try {
            runConcurrently(
                List.of(
                    () -> {
                      fromOtherThread.set(catchThrowable(() -> tx.put(Keys.of("k"), bytes(1))));
                      return null;
                    }));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return null;
        });

    assertThat(fromOtherThread.get()).isInstanceOf(IllegalStateException.class);
    assertThat(storage.get(Keys.of("k"))).isEmpty();
  }

  @Test
  void close_insideATransaction_abortsIt() {
    assertThatThrownBy(
            () ->
                storage.transact(
                    tx -> {
                      tx.put(Keys.of("k"), bytes(1));
                      storage.close();
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void transaction_readsDuringAnotherThreadsTransaction_doNotBlock() throws Exception {
    put(Keys.of("k"), bytes(1));

    // Committed reads are lock-free: they complete while a transaction holds the lock.
    storage.transact(
        tx -> {
          tx.put(Keys.of("k"), bytes(2));
          try {
            runConcurrently(
                List.of(
                    () -> {
                      assertThat(value(storage.get(Keys.of("k")))).isEqualTo(bytes(1));
                      assertThat(storage.scan(null, null, 10)).hasSize(1);
                      return null;
                    }));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return null;
        });
  }
}
