package io.leasehold.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against RocksDB, plus durability: what was committed survives a reopen. */
final class RocksDbStorageTest extends StorageContractTest {

  /** Small buffers: the tests write little, and many stores are opened (one per random program). */
  private static final RocksDbSettings SMALL = new RocksDbSettings(8L << 20, 4L << 20);

  @TempDir Path root;

  private final AtomicInteger stores = new AtomicInteger();

  @Override
  protected Storage newStorage() {
    return RocksDbStorage.open(root.resolve("store-" + stores.incrementAndGet()), SMALL);
  }

  private RocksDbStorage reopen() {
    Path dir = ((RocksDbStorage) storage).directory();
    storage.close();
    storage = RocksDbStorage.open(dir, SMALL);
    return (RocksDbStorage) storage;
  }

  @Test
  void typeIsRocksdb_andItBlocks() {
    assertThat(storage.type()).isEqualTo("rocksdb");
    assertThat(storage.blocking()).isTrue();
  }

  @Test
  void reopen_afterClose_seesEveryCommittedValue_andNoDeletedOne() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      storage.transact(tx -> {
        tx.put(Keys.of("token/id/" + n), Keys.longBigEndian(n));
        tx.put(Keys.of("expire/" + n), bytes(n));
        return null;
      });
      expected.add("expire/" + n);
      expected.add("token/id/" + n);
    }
    storage.transact(tx -> tx.delete(Keys.of("token/id/7")));
    expected.remove("token/id/7");

    reopen();

    assertThat(texts(storage.scan(null, null, 1000))).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(Keys.readLong(value(storage.get(Keys.of("token/id/42"))), 0)).isEqualTo(42);
  }

  @Test
  void deferredCommits_areKeptWithTheDurableOneAfterThem() {
    for (int i = 0; i < 20; i++) {
      int n = i;
      storage.transactDeferred(tx -> {
        tx.put(Keys.of("batch/" + n), bytes(n));
        return null;
      });
    }
    storage.transact(tx -> {
      tx.put(Keys.of("final"), bytes(1));
      return null;
    });

    reopen();

    assertThat(storage.scan(Keys.of("batch/"), Keys.prefixEnd(Keys.of("batch/")), 100))
        .hasSize(20);
    assertThat(storage.get(Keys.of("final"))).isPresent();
  }

  @Test
  void aTransactionThatThrew_leavesNothing_evenAfterReopen() {
    put(Keys.of("keep"), bytes(1));
    catchThrowable(() -> storage.transact(tx -> {
      tx.put(Keys.of("half/1"), bytes(1));
      tx.discard(Keys.of("keep"));
      tx.put(Keys.of("half/2"), bytes(2));
      throw new IllegalStateException("crash in the middle");
    }));

    reopen();

    assertThat(pairs(storage.scan(null, null, 100))).containsExactly("keep=01");
  }

  @Test
  void concurrentCommits_areAllDurable() throws Exception {
    int threads = 16;
    int each = 50;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(() -> {
        for (int i = 0; i < each; i++) {
          put(Keys.of("t/" + thread + "/" + i), bytes(thread, i));
        }
        return null;
      });
    }

    runConcurrently(tasks);
    reopen();

    assertThat(storage.scan(null, null, 10_000)).hasSize(threads * each);
  }

  @Test
  void concurrentDeletes_ofOneKey_reportItExistedExactlyOnce() throws Exception {
    for (int round = 0; round < 50; round++) {
      byte[] key = Keys.of("expire/" + round);
      put(key, bytes(1));
      AtomicInteger existed = new AtomicInteger();
      Callable<Void> deleter = () -> {
        if (storage.<Boolean>transact(tx -> tx.delete(key))) {
          existed.incrementAndGet();
        }
        return null;
      };

      runConcurrently(List.of(deleter, deleter, deleter));

      assertThat(existed).as("round %d", round).hasValue(1);
    }
  }

  @Test
  void open_whileAnotherHandleHasTheStore_failsClearly() {
    Path dir = ((RocksDbStorage) storage).directory();

    assertThatThrownBy(() -> RocksDbStorage.open(dir, SMALL))
        .isInstanceOf(StorageIoException.class)
        .hasMessageContaining(dir.toString());
  }

  @Test
  void close_insideATransaction_isRefused_andTheStoreStaysUsable() {
    assertThatThrownBy(() -> storage.transact(tx -> {
      storage.close();
      return null;
    })).isInstanceOf(IllegalStateException.class);

    put(Keys.of("k"), bytes(1));
    assertThat(storage.get(Keys.of("k"))).isPresent();
  }

  @Test
  void transaction_usedFromAnotherThreadWhileOpen_isRejected() throws Exception {
    List<Throwable> seen = new ArrayList<>();
    storage.transact(tx -> {
      try {
        runConcurrently(List.of(() -> {
          seen.add(catchThrowable(() -> tx.put(Keys.of("k"), bytes(1))));
          return null;
        }));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });

    assertThat(seen).singleElement().isInstanceOf(IllegalStateException.class);
    assertThat(storage.get(Keys.of("k"))).isEmpty();
  }

  @Test
  void open_onAPathThatIsAFile_failsClearly() throws IOException {
    Path file = Files.writeString(root.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> RocksDbStorage.open(file.resolve("db"), SMALL))
        .isInstanceOf(StorageIoException.class);
  }

}
