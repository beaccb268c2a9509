package io.leasehold.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every {@link Storage} backend passes. A backend's test extends this class and
 * supplies {@link #newStorage()}. Besides the example tests, {@link #randomPrograms_matchASortedMapModel}
 * replays seeded random programs against a {@code TreeMap} model ({@link StorageModelCheck}).
 *
 * <p>Only behaviour the SPI promises is tested here, so that in-memory, RocksDB and PostgreSQL can
 * all pass: for instance, plain {@link Transaction#get} is not assumed to lock anything.
 */
abstract class StorageContractTest {

  /** How long a concurrent test may take before it is declared hung (not a sleep). */
  private static final long HANG_SECONDS = 60;

  private static final HexFormat HEX = HexFormat.of();

  protected Storage storage;

  /** Seeded random programs per backend; each starts from an empty store. */
  private static final int MODEL_PROGRAMS = 200;

  /**
   * A new, empty, open storage. Called once per test; the caller closes it.
   */
  protected abstract Storage newStorage();

  @BeforeEach
  final void openStorage() {
    storage = newStorage();
  }

  @AfterEach
  final void closeStorage() {
    storage.close();
  }

  // ---- get / put / delete ---------------------------------------------------------------------

  @Test
  void transactDeferred_commitsAtomicallyLikeTransact() {
    storage.transactDeferred(tx -> {
      tx.put(Keys.of("a"), bytes(1));
      tx.put(Keys.of("b"), bytes(2));
      return null;
    });
    assertThat(value(storage.get(Keys.of("a")))).isEqualTo(bytes(1));
    assertThat(value(storage.get(Keys.of("b")))).isEqualTo(bytes(2));

    assertThatThrownBy(() -> storage.transactDeferred(tx -> {
      tx.delete(Keys.of("a"));
      tx.put(Keys.of("c"), bytes(3));
      throw new IllegalArgumentException("abandoned");
    })).isInstanceOf(IllegalArgumentException.class);
    assertThat(storage.get(Keys.of("a"))).as("nothing of a failed work is applied").isPresent();
    assertThat(storage.get(Keys.of("c"))).isEmpty();
  }

  @Test
  void get_missingKey_isEmpty() {
    assertThat(storage.get(Keys.of("nothing/here"))).isEmpty();
  }

  @Test
  void put_thenGet_returnsTheValue() {
    put(Keys.of("token/id/a"), bytes(1, 2, 3));

    assertThat(value(storage.get(Keys.of("token/id/a")))).isEqualTo(bytes(1, 2, 3));
  }

  @Test
  void put_existingKey_replacesTheValue() {
    put(Keys.of("k"), bytes(1));
    put(Keys.of("k"), bytes(2, 2));

    assertThat(value(storage.get(Keys.of("k")))).isEqualTo(bytes(2, 2));
  }

  @Test
  void put_emptyValue_isStoredAndDistinctFromMissing() {
    put(Keys.of("empty"), new byte[0]);

    assertThat(storage.get(Keys.of("empty"))).hasValueSatisfying(v -> assertThat(v).isEmpty());
    assertThat(storage.scan(null, null, 10)).hasSize(1);
  }

  @Test
  void delete_existingKey_removesItAndReportsTrue() {
    put(Keys.of("k"), bytes(1));

    boolean existed = storage.transact(tx -> tx.delete(Keys.of("k")));

    assertThat(existed).isTrue();
    assertThat(storage.get(Keys.of("k"))).isEmpty();
  }

  @Test
  void delete_missingKey_reportsFalse() {
    assertThat(storage.<Boolean>transact(tx -> tx.delete(Keys.of("missing")))).isFalse();
  }

  @Test
  void discard_removesExistingAndIgnoresMissingKeys_andIsSeenByTheTransaction() {
    put(Keys.of("a"), bytes(1));
    put(Keys.of("b"), bytes(2));

    List<Boolean> seen =
        storage.transact(
            tx -> {
              tx.discard(Keys.of("a"));
              tx.discard(Keys.of("never-there"));
              tx.put(Keys.of("c"), bytes(3));
              tx.discard(Keys.of("c"));
              return List.of(tx.get(Keys.of("a")).isPresent(),
                  tx.get(Keys.of("c")).isPresent(), tx.scan(null, null, 10).size() == 1);
            });

    assertThat(seen).containsExactly(false, false, true);
    assertThat(storage.scan(null, null, 10)).extracting(kv -> new String(kv.key()))
        .containsExactly("b");
  }

  @Test
  void delete_insideTransaction_reportsExistenceAsTheTransactionSeesIt() {
    put(Keys.of("committed"), bytes(1));

    List<Boolean> answers =
        storage.transact(
            tx -> {
              List<Boolean> out = new ArrayList<>();
              out.add(tx.delete(Keys.of("committed"))); // committed: true
              out.add(tx.delete(Keys.of("committed"))); // already deleted here: false
              tx.put(Keys.of("fresh"), bytes(2));
              out.add(tx.delete(Keys.of("fresh"))); // only buffered: true
              out.add(tx.delete(Keys.of("fresh"))); // false
              tx.put(Keys.of("committed"), bytes(3));
              out.add(tx.delete(Keys.of("committed"))); // re-put after delete: true
              return out;
            });

    assertThat(answers).containsExactly(true, false, true, false, true);
    assertThat(storage.scan(null, null, 10)).isEmpty();
  }

  @Test
  void nullArguments_areRejected() {
    assertThatThrownBy(() -> storage.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> storage.transact(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> storage.transact(tx -> tx.get(null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> put(null, bytes(1))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> put(Keys.of("k"), null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> storage.transact(tx -> tx.delete(null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(storage.scan(null, null, 10)).isEmpty();
  }

  // ---- scan -----------------------------------------------------------------------------------

  @Test
  void scan_ordersKeysAsUnsignedBytes() {
    for (byte[] key :
        List.of(bytes(0xFF), bytes(0x80), bytes(0x00), bytes(0x7F, 0xFF), bytes(0x7F), bytes(0x80, 0x00))) {
      put(key, bytes(1));
    }

    assertThat(keys(storage.scan(null, null, 100)))
        .containsExactly("00", "7f", "7fff", "80", "8000", "ff");
  }

  @Test
  void scan_includesFrom_excludesTo() {
    putAll("a", "b", "c", "d");

    assertThat(texts(storage.scan(Keys.of("b"), Keys.of("d"), 100))).containsExactly("b", "c");
    assertThat(texts(storage.scan(Keys.of("bb"), Keys.of("cc"), 100))).containsExactly("c");
  }

  @Test
  void scan_nullBound_isUnboundedOnThatSide() {
    putAll("a", "b", "c");

    assertThat(texts(storage.scan(null, null, 100))).containsExactly("a", "b", "c");
    assertThat(texts(storage.scan(Keys.of("b"), null, 100))).containsExactly("b", "c");
    assertThat(texts(storage.scan(null, Keys.of("b"), 100))).containsExactly("a");
  }

  @Test
  void scan_emptyOrInvertedRange_isEmpty() {
    putAll("a", "b", "c");

    assertThat(storage.scan(Keys.of("b"), Keys.of("b"), 100)).isEmpty();
    assertThat(storage.scan(Keys.of("c"), Keys.of("a"), 100)).isEmpty();
    assertThat(storage.<List<KeyValue>>transact(tx -> tx.scan(Keys.of("c"), Keys.of("a"), 100))).isEmpty();
  }

  @Test
  void scan_limit_returnsTheFirstEntriesInOrder() {
    putAll("d", "a", "c", "b");

    assertThat(texts(storage.scan(null, null, 2))).containsExactly("a", "b");
    assertThat(texts(storage.scan(Keys.of("b"), null, 1))).containsExactly("b");
    assertThat(texts(storage.scan(null, null, 100))).containsExactly("a", "b", "c", "d");
    assertThat(storage.scan(null, null, 0)).isEmpty();
  }

  @Test
  void scan_negativeLimit_isRejected() {
    assertThatThrownBy(() -> storage.scan(null, null, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.transact(tx -> tx.scan(null, null, -1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scan_toPrefixEnd_returnsExactlyTheKeysWithThePrefix() {
    putAll("token/accessor/x", "token/id", "token/id/a", "token/id/b", "token/idx", "token/ie");
    byte[] prefix = Keys.of("token/id/");

    assertThat(texts(storage.scan(prefix, Keys.prefixEnd(prefix), 100)))
        .containsExactly("token/id/a", "token/id/b");
  }

  @Test
  void scan_toPrefixEnd_handlesPrefixesEndingIn0xFF() {
    for (byte[] key :
        List.of(bytes(0x01, 0xFE, 0xFF), bytes(0x01, 0xFF), bytes(0x01, 0xFF, 0x00),
            bytes(0x01, 0xFF, 0xFF, 0xFF), bytes(0x02), bytes(0x02, 0x00))) {
      put(key, bytes(1));
    }
    byte[] prefix = bytes(0x01, 0xFF);

    assertThat(keys(storage.scan(prefix, Keys.prefixEnd(prefix), 100)))
        .containsExactly("01ff", "01ff00", "01ffffff");
  }

  @Test
  void scan_allFFPrefix_hasNoEndAndRunsToTheLastKey() {
    for (byte[] key : List.of(bytes(0xFF, 0xFE), bytes(0xFF, 0xFF), bytes(0xFF, 0xFF, 0x01))) {
      put(key, bytes(1));
    }
    byte[] prefix = bytes(0xFF, 0xFF);

    assertThat(Keys.prefixEnd(prefix)).isNull();
    assertThat(keys(storage.scan(prefix, Keys.prefixEnd(prefix), 100)))
        .containsExactly("ffff", "ffff01");
  }

  // ---- transactions ---------------------------------------------------------------------------

  @Test
  void transact_returnsWhatTheWorkReturned() {
    assertThat(storage.<String>transact(tx -> "result")).isEqualTo("result");
    assertThat(storage.<Object>transact(tx -> null)).isNull();
  }

  @Test
  void transaction_get_seesItsOwnPutsAndDeletes() {
    put(Keys.of("old"), bytes(1));

    storage.transact(
        tx -> {
          tx.put(Keys.of("new"), bytes(2));
          tx.delete(Keys.of("old"));

          assertThat(value(tx.get(Keys.of("new")))).isEqualTo(bytes(2));
          assertThat(value(tx.getForUpdate(Keys.of("new")))).isEqualTo(bytes(2));
          assertThat(tx.get(Keys.of("old"))).isEmpty();
          assertThat(tx.getForUpdate(Keys.of("old"))).isEmpty();
          return null;
        });
  }

  @Test
  void transaction_scan_mergesItsOwnPutsAndDeletesInOrder() {
    putAll("a", "c", "e", "g");

    storage.transact(
        tx -> {
          tx.put(Keys.of("b"), Keys.of("B"));
          tx.put(Keys.of("c"), Keys.of("C")); // overwrite a committed key
          tx.delete(Keys.of("e"));
          tx.put(Keys.of("h"), Keys.of("H"));
          tx.put(Keys.of("f"), Keys.of("F"));
          tx.delete(Keys.of("f")); // buffered put, then deleted

          assertThat(pairs(tx.scan(null, null, 100)))
              .containsExactly("a=a", "b=B", "c=C", "g=g", "h=H");
          assertThat(pairs(tx.scan(null, null, 3))).containsExactly("a=a", "b=B", "c=C");
          assertThat(pairs(tx.scan(Keys.of("c"), Keys.of("h"), 100))).containsExactly("c=C", "g=g");
          assertThat(pairs(tx.scan(Keys.of("d"), null, 1))).containsExactly("g=g");
          assertThat(tx.scan(Keys.of("e"), Keys.of("f"), 100)).isEmpty();
          return null;
        });

    assertThat(pairs(storage.scan(null, null, 100)))
        .containsExactly("a=a", "b=B", "c=C", "g=g", "h=H");
  }

  @Test
  void transaction_whoseWorkThrows_writesNothing_andRethrowsTheSameException() {
    putAll("keep", "doomed");
    RuntimeException boom = new IllegalStateException("boom");

    Throwable thrown =
        catchThrowable(
            () ->
                storage.transact(
                    tx -> {
                      tx.put(Keys.of("new"), bytes(1));
                      tx.put(Keys.of("keep"), bytes(9));
                      tx.delete(Keys.of("doomed"));
                      throw boom;
                    }));

    assertThat(thrown).isSameAs(boom);
    assertThat(pairs(storage.scan(null, null, 100))).containsExactly("doomed=doomed", "keep=keep");
  }

  @Test
  void transaction_whoseWorkThrowsAnError_writesNothing_andRethrowsTheSameError() {
    Error boom = new AssertionError("boom");

    Throwable thrown =
        catchThrowable(
            () ->
                storage.transact(
                    tx -> {
                      tx.put(Keys.of("new"), bytes(1));
                      throw boom;
                    }));

    assertThat(thrown).isSameAs(boom);
    assertThat(storage.get(Keys.of("new"))).isEmpty();
  }

  @Test
  void transaction_afterAnAbort_storageStillWorks() {
    catchThrowable(() -> storage.transact(tx -> { throw new IllegalArgumentException(); }));

    put(Keys.of("k"), bytes(1));

    assertThat(value(storage.get(Keys.of("k")))).isEqualTo(bytes(1));
  }

  @Test
  void transaction_writes_areInvisibleOutsideUntilCommit() throws Exception {
    put(Keys.of("existing"), bytes(1));
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      storage.transact(
          tx -> {
            tx.put(Keys.of("new"), bytes(2));
            tx.delete(Keys.of("existing"));

            // Read from another thread: the SPI lets a backend pin a transaction to its thread.
            assertThat(onOtherThread(other, () -> storage.get(Keys.of("new")))).isEmpty();
            assertThat(onOtherThread(other, () -> storage.get(Keys.of("existing")))).isPresent();
            assertThat(texts(onOtherThread(other, () -> storage.scan(null, null, 10))))
                .containsExactly("existing");
            return null;
          });

      assertThat(value(onOtherThread(other, () -> storage.get(Keys.of("new"))))).isEqualTo(bytes(2));
      assertThat(onOtherThread(other, () -> storage.get(Keys.of("existing")))).isEmpty();
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void transaction_usedAfterItsWorkReturned_isRejected() {
    AtomicReference<Transaction> escaped = new AtomicReference<>();
    storage.transact(
        tx -> {
          escaped.set(tx);
          return null;
        });
    Transaction tx = escaped.get();
    byte[] k = Keys.of("k");

    assertThatThrownBy(() -> tx.get(k)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tx.getForUpdate(k)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tx.put(k, bytes(1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tx.delete(k)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tx.scan(null, null, 1)).isInstanceOf(IllegalStateException.class);
    assertThat(storage.get(k)).isEmpty();
  }

  @Test
  void transact_nestedOnTheSameThread_isRejected_andTheOuterWritesNothing() {
    Throwable thrown =
        catchThrowable(
            () ->
                storage.transact(
                    outer -> {
                      outer.put(Keys.of("outer"), bytes(1));
                      return storage.transact(
                          inner -> {
                            inner.put(Keys.of("inner"), bytes(2));
                            return null;
                          });
                    }));

    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    assertThat(storage.scan(null, null, 10)).isEmpty();
    put(Keys.of("after"), bytes(3)); // the storage is not left locked
    assertThat(texts(storage.scan(null, null, 10))).containsExactly("after");
  }

  // ---- conflicts and retries ------------------------------------------------------------------

  @Test
  void transact_workThatConflictsKTimes_runsKPlusOneTimes_andKeepsOnlyTheLastRunsWrites() {
    int conflicts = 3;
    AtomicInteger runs = new AtomicInteger();

    int result =
        storage.transact(
            tx -> {
              int run = runs.incrementAndGet();
              tx.put(Keys.of("run/" + run), bytes(run));
              if (run <= conflicts) {
                throw new StorageConflictException("lost a race, run " + run);
              }
              return run;
            });

    assertThat(result).isEqualTo(conflicts + 1);
    assertThat(runs).hasValue(conflicts + 1);
    assertThat(texts(storage.scan(null, null, 100))).containsExactly("run/4");
  }

  @Test
  void transact_workThatAlwaysConflicts_isRetriedABoundedNumberOfTimes_thenRethrows() {
    AtomicInteger runs = new AtomicInteger();

    Throwable thrown =
        catchThrowable(
            () ->
                storage.transact(
                    tx -> {
                      runs.incrementAndGet();
                      tx.put(Keys.of("k"), bytes(1));
                      throw new StorageConflictException("always");
                    }));

    assertThat(thrown).isInstanceOf(StorageConflictException.class);
    assertThat(runs.get()).isGreaterThan(1);
    assertThat(storage.get(Keys.of("k"))).isEmpty();
  }

  // ---- concurrency ----------------------------------------------------------------------------

  @Test
  void getForUpdate_serializesReadModifyWrite_noIncrementIsLost() throws Exception {
    int threads = 4;
    int increments = 1_000;
    byte[] counter = Keys.of("counter");
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      tasks.add(
          () -> {
            for (int i = 0; i < increments; i++) {
              storage.transact(
                  tx -> {
                    long n = tx.getForUpdate(counter).map(v -> Keys.readLong(v, 0)).orElse(0L);
                    tx.put(counter, Keys.longBigEndian(n + 1));
                    return null;
                  });
            }
            return null;
          });
    }

    runConcurrently(tasks);

    assertThat(Keys.readLong(value(storage.get(counter)), 0)).isEqualTo((long) threads * increments);
  }

  @Test
  void getForShare_readsLikeGet_andManyHoldersOfOneKeyAllCommit() throws Exception {
    byte[] parent = Keys.of("token/id/parent");
    put(parent, bytes(7));
    int threads = 4;
    int children = 200;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(
          () -> {
            for (int i = 0; i < children; i++) {
              byte[] child = Keys.of("token/parent/p/" + thread + "/" + i);
              storage.transact(
                  tx -> {
                    assertThat(value(tx.getForShare(parent))).isEqualTo(bytes(7));
                    assertThat(tx.getForShare(Keys.of("token/id/missing"))).isEmpty();
                    tx.put(child, bytes(1));
                    assertThat(value(tx.getForShare(child))).isEqualTo(bytes(1));
                    return null;
                  });
            }
            return null;
          });
    }
    // A writer of the shared key meanwhile: it waits for (or conflicts with) the sharers, but
    // neither side loses its writes.
    tasks.add(
        () -> {
          for (int i = 0; i < 50; i++) {
            storage.transact(
                tx -> {
                  tx.put(parent, value(tx.getForUpdate(parent)));
                  return null;
                });
          }
          return null;
        });

    runConcurrently(tasks);

    byte[] prefix = Keys.of("token/parent/p/");
    assertThat(storage.scan(prefix, Keys.prefixEnd(prefix), 10_000)).hasSize(threads * children);
  }

  @Test
  void scan_concurrentWithCommits_seesEachCommitWholeOrNotAtAll() throws Exception {
    // Each commit writes (or deletes) all the keys of a group with one value; a reader that saw
    // some keys old and some new, or only some of them, saw half a commit. Several keys per commit
    // widen the window in which a non-atomic publish would show.
    byte[] prefix = Keys.of("group/");
    List<byte[]> group = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      group.add(Keys.of("group/" + i));
    }
    int commits = 3_000;
    AtomicBoolean writerDone = new AtomicBoolean();
    Callable<Void> writer =
        () -> {
          try {
            for (int i = 1; i <= commits; i++) {
              byte[] v = Keys.longBigEndian(i);
              boolean deleteRound = i % 3 == 0;
              storage.transact(
                  tx -> {
                    for (byte[] key : group) {
                      if (deleteRound) {
                        tx.delete(key);
                      } else {
                        tx.put(key, v);
                      }
                    }
                    return null;
                  });
            }
          } finally {
            writerDone.set(true);
          }
          return null;
        };
    Callable<Void> reader =
        () -> {
          do {
            List<KeyValue> seen = storage.scan(prefix, Keys.prefixEnd(prefix), 100);
            if (!seen.isEmpty()) {
              assertThat(seen).as("a commit seen by halves").hasSize(group.size());
              assertThat(seen.stream().map(e -> HEX.formatHex(e.value())).distinct())
                  .as("a commit seen by halves")
                  .hasSize(1);
            }
          } while (!writerDone.get());
          return null;
        };

    runConcurrently(List.of(writer, reader, reader));
  }

  // ---- defensive copies -----------------------------------------------------------------------

  @Test
  void put_arraysChangedAfterwards_doNotChangeWhatIsStored() {
    byte[] key = Keys.of("k");
    byte[] value = bytes(1, 2);
    storage.transact(
        tx -> {
          tx.put(key, value);
          key[0] = 'x';
          value[0] = 9;
          assertThat(value(tx.get(Keys.of("k")))).isEqualTo(bytes(1, 2));
          return null;
        });

    assertThat(value(storage.get(Keys.of("k")))).isEqualTo(bytes(1, 2));
    assertThat(storage.get(Keys.of("x"))).isEmpty();
  }

  @Test
  void returnedArrays_changedByTheCaller_doNotChangeWhatIsStored() {
    put(Keys.of("k"), bytes(1, 2));

    value(storage.get(Keys.of("k")))[0] = 9;
    KeyValue scanned = storage.scan(null, null, 10).get(0);
    scanned.key()[0] = 'x';
    scanned.value()[0] = 9;
    storage.transact(
        tx -> {
          value(tx.get(Keys.of("k")))[0] = 9;
          value(tx.getForUpdate(Keys.of("k")))[0] = 9;
          KeyValue inTx = tx.scan(null, null, 10).get(0);
          inTx.key()[0] = 'x';
          inTx.value()[0] = 9;
          assertThat(pairs(tx.scan(null, null, 10))).containsExactly("k=0102");
          return null;
        });
    storage.transact(
        tx -> {
          tx.put(Keys.of("k2"), bytes(3)); // also from a transaction's own buffer
          value(tx.get(Keys.of("k2")))[0] = 9;
          tx.scan(null, null, 10).get(1).value()[0] = 9;
          return null;
        });

    assertThat(pairs(storage.scan(null, null, 10))).containsExactly("k=0102", "k2=03");
  }

  // ---- close ----------------------------------------------------------------------------------

  @Test
  void close_isIdempotent() {
    storage.close();

    assertThatCode(storage::close).doesNotThrowAnyException();
  }

  @Test
  void afterClose_everyOperationIsRejected() {
    put(Keys.of("k"), bytes(1));
    storage.close();

    assertThatThrownBy(() -> storage.get(Keys.of("k"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> storage.scan(null, null, 10)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> storage.transact(tx -> null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void type_isANonBlankName() {
    assertThat(storage.type()).isNotBlank();
  }

  // ---- randomized model check ----------------------------------------------------------------

  /**
   * Each program starts from an empty store: the test's own, emptied by one transaction between
   * programs. Reusing it (rather than opening a store per program) keeps durable backends quick,
   * whose stores take tens of milliseconds to open, and runs later programs over the deletes of
   * earlier ones. A failing seed is named; rerun it alone on a fresh store to replay it.
   */
  @TestFactory
  Stream<DynamicTest> randomPrograms_matchASortedMapModel() {
    return LongStream.range(0, MODEL_PROGRAMS)
        .mapToObj(
            seed ->
                DynamicTest.dynamicTest(
                    "seed " + seed,
                    () -> {
                      emptyTheStore();
                      StorageModelCheck.run(storage, seed);
                    }));
  }

  private void emptyTheStore() {
    storage.transact(
        tx -> {
          for (KeyValue kv : tx.scan(null, null, Integer.MAX_VALUE)) {
            tx.discard(kv.key());
          }
          return null;
        });
    assertThat(storage.scan(null, null, 1)).as("store emptied before the program").isEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Writes one entry in its own transaction (the SPI has no write outside a transaction). */
  protected final void put(byte[] key, byte[] value) {
    storage.transact(
        tx -> {
          tx.put(key, value);
          return null;
        });
  }

  /** Writes each text as both key and value, in one transaction. */
  private void putAll(String... texts) {
    storage.transact(
        tx -> {
          for (String t : texts) {
            tx.put(Keys.of(t), Keys.of(t));
          }
          return null;
        });
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] value(Optional<byte[]> maybe) {
    assertThat(maybe).isPresent();
    return maybe.orElseThrow();
  }

  /** Keys in hex, to compare byte orderings readably. */
  static List<String> keys(List<KeyValue> entries) {
    return entries.stream().map(e -> HEX.formatHex(e.key())).toList();
  }

  /** Keys as text. */
  static List<String> texts(List<KeyValue> entries) {
    return entries.stream().map(e -> new String(e.key(), StandardCharsets.UTF_8)).toList();
  }

  /** {@code key=value}, the key as text and the value as text if printable, else hex. */
  static List<String> pairs(List<KeyValue> entries) {
    return entries.stream()
        .map(e -> new String(e.key(), StandardCharsets.UTF_8) + "=" + show(e.value()))
        .toList();
  }

  private static String show(byte[] value) {
    for (byte b : value) {
      if (b < 0x20 || b > 0x7E) {
        return HEX.formatHex(value);
      }
    }
    return new String(value, StandardCharsets.US_ASCII);
  }

  private static <T> T onOtherThread(ExecutorService executor, Callable<T> call) {
    try {
      return executor.submit(call).get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Starts the tasks together on their own threads and waits for all of them; the first failure
   * (an assertion in a task, say) is rethrown as it was.
   */
  static void runConcurrently(List<? extends Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      for (Future<Void> f : futures) {
        try {
          f.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new AssertionError(t);
  }
}
