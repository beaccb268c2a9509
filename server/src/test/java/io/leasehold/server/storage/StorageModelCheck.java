package io.leasehold.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Runs a random program of puts, deletes, gets and scans against a {@link Storage} and against a
 * {@link TreeMap} ordered by unsigned bytes, and checks that every read agrees. Operations run
 * outside transactions, inside committed ones, inside ones whose work throws (nothing may remain),
 * and inside ones that first lose a conflict and are retried (only the last run may remain).
 *
 * <p>The program is a pure function of the seed, so a failure names its seed and the steps that
 * led to it, and rerunning that seed replays it. Keys come from a tiny alphabet around the signed
 * boundary (0x00, 0x01, 0x7F, 0x80, 0xFF), so collisions, overwrites and sign bugs are common.
 */
final class StorageModelCheck {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] ALPHABET = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFF};
  private static final int MAX_STEPS = 25;
  private static final int MAX_OPS_PER_STEP = 8;

  private enum Mode {
    OUTSIDE,
    COMMIT,
    ABORT,
    CONFLICT_THEN_COMMIT
  }

  /** Thrown by a work to abort its transaction; checked by identity. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort() {
      super("abort", null, false, false);
    }
  }

  private final Storage storage;
  private final SplittableRandom random;
  private final TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
  private final StringBuilder trace = new StringBuilder();

  private StorageModelCheck(Storage storage, long seed) {
    this.storage = storage;
    this.random = new SplittableRandom(seed);
  }

  /** Runs the program for {@code seed} against an empty {@code storage}. */
  static void run(Storage storage, long seed) {
    StorageModelCheck check = new StorageModelCheck(storage, seed);
    try {
      check.runProgram();
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + " failed after:\n" + check.trace, e);
    }
  }

  private void runProgram() {
    int steps = 1 + random.nextInt(MAX_STEPS);
    for (int s = 0; s < steps; s++) {
      Mode mode = pickMode();
      List<Op> ops = new ArrayList<>();
      int n = 1 + random.nextInt(MAX_OPS_PER_STEP);
      for (int i = 0; i < n; i++) {
        ops.add(randomOp());
      }
      trace.append(mode).append(' ').append(ops).append('\n');
      runStep(mode, ops);
      assertThat(show(storage.scan(null, null, Integer.MAX_VALUE)))
          .as("whole store after the step")
          .isEqualTo(show(modelScan(model, null, null, Integer.MAX_VALUE)));
    }
  }

  private void runStep(Mode mode, List<Op> ops) {
    if (mode == Mode.OUTSIDE) {
      for (Op op : ops) {
        applyOutside(op);
      }
      return;
    }
    int[] runs = {0};
    // Each run starts from the committed model: a retried run must not see the last run's writes.
    List<TreeMap<byte[], byte[]>> lastView = new ArrayList<>(List.of(model));
    Abort abort = new Abort();
    try {
      storage.transact(
          tx -> {
            runs[0]++;
            TreeMap<byte[], byte[]> view = new TreeMap<>(model);
            lastView.set(0, view);
            for (Op op : ops) {
              applyInside(tx, view, op);
            }
            if (mode == Mode.ABORT) {
              throw abort;
            }
            if (mode == Mode.CONFLICT_THEN_COMMIT && runs[0] == 1) {
              throw new StorageConflictException("model conflict");
            }
            return null;
          });
      assertThat(mode).isNotEqualTo(Mode.ABORT);
      model.clear();
      model.putAll(lastView.get(0));
    } catch (Abort e) {
      assertThat(e).isSameAs(abort);
    }
    assertThat(runs[0]).isEqualTo(mode == Mode.CONFLICT_THEN_COMMIT ? 2 : 1);
  }

  private void applyOutside(Op op) {
    switch (op.kind) {
      case PUT -> {
        storage.transact(
            tx -> {
              tx.put(op.key, op.value);
              return null;
            });
        model.put(op.key, op.value);
      }
      case DELETE -> {
        boolean existed = storage.transact(tx -> tx.delete(op.key));
        assertThat(existed).as("delete %s", op).isEqualTo(model.remove(op.key) != null);
      }
      case GET, GET_FOR_UPDATE ->
          assertThat(show(storage.get(op.key))).as("%s", op).isEqualTo(show(model.get(op.key)));
      case SCAN ->
          assertThat(show(storage.scan(op.key, op.to, op.limit)))
              .as("%s", op)
              .isEqualTo(show(modelScan(model, op.key, op.to, op.limit)));
    }
  }

  private static void applyInside(Transaction tx, TreeMap<byte[], byte[]> view, Op op) {
    switch (op.kind) {
      case PUT -> {
        tx.put(op.key, op.value);
        view.put(op.key, op.value);
      }
      case DELETE ->
          assertThat(tx.delete(op.key)).as("tx %s", op).isEqualTo(view.remove(op.key) != null);
      case GET -> assertThat(show(tx.get(op.key))).as("tx %s", op).isEqualTo(show(view.get(op.key)));
      case GET_FOR_UPDATE ->
          assertThat(show(tx.getForUpdate(op.key))).as("tx %s", op).isEqualTo(show(view.get(op.key)));
      case SCAN ->
          assertThat(show(tx.scan(op.key, op.to, op.limit)))
              .as("tx %s", op)
              .isEqualTo(show(modelScan(view, op.key, op.to, op.limit)));
    }
  }

  /** The oracle: a linear filter, independent of the sub-map views a backend may use. */
  private static List<KeyValue> modelScan(
      TreeMap<byte[], byte[]> map, byte[] from, byte[] to, int limit) {
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      byte[] k = e.getKey();
      if ((from == null || Arrays.compareUnsigned(k, from) >= 0)
          && (to == null || Arrays.compareUnsigned(k, to) < 0)) {
        out.add(new KeyValue(k, e.getValue()));
      }
    }
    return out;
  }

  // ---- generation -----------------------------------------------------------------------------

  private enum Kind {
    PUT,
    DELETE,
    GET,
    GET_FOR_UPDATE,
    SCAN
  }

  /** One operation; for a scan, {@code key} is the lower bound. */
  private record Op(Kind kind, byte[] key, byte[] value, byte[] to, int limit) {
    @Override
    public String toString() {
      return switch (kind) {
        case PUT -> "put(" + hex(key) + "=" + hex(value) + ")";
        case DELETE, GET, GET_FOR_UPDATE -> kind.name().toLowerCase() + "(" + hex(key) + ")";
        case SCAN -> "scan[" + hex(key) + ", " + hex(to) + ") limit " + limit;
      };
    }
  }

  private Mode pickMode() {
    int r = random.nextInt(10);
    return r < 4 ? Mode.OUTSIDE : r < 7 ? Mode.COMMIT : r < 9 ? Mode.ABORT : Mode.CONFLICT_THEN_COMMIT;
  }

  private Op randomOp() {
    int r = random.nextInt(10);
    if (r < 4) {
      return new Op(Kind.PUT, randomKey(), randomValue(), null, 0);
    }
    if (r < 6) {
      return new Op(Kind.DELETE, randomKey(), null, null, 0);
    }
    if (r < 7) {
      return new Op(Kind.GET, randomKey(), null, null, 0);
    }
    if (r < 8) {
      return new Op(Kind.GET_FOR_UPDATE, randomKey(), null, null, 0);
    }
    int limit = random.nextInt(4) == 0 ? Integer.MAX_VALUE : random.nextInt(7);
    return new Op(Kind.SCAN, randomBound(), null, randomBound(), limit);
  }

  private byte[] randomKey() {
    byte[] key = new byte[1 + random.nextInt(3)];
    for (int i = 0; i < key.length; i++) {
      key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return key;
  }

  private byte[] randomBound() {
    return random.nextInt(4) == 0 ? null : randomKey();
  }

  private byte[] randomValue() {
    byte[] value = new byte[random.nextInt(4)];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) random.nextInt(256);
    }
    return value;
  }

  // ---- comparison -----------------------------------------------------------------------------

  private static List<String> show(List<KeyValue> entries) {
    List<String> out = new ArrayList<>(entries.size());
    for (KeyValue e : entries) {
      out.add(hex(e.key()) + "=" + hex(e.value()));
    }
    return out;
  }

  private static String show(Optional<byte[]> value) {
    return value.map(StorageModelCheck::hex).orElse("<absent>");
  }

  private static String show(byte[] value) {
    return value == null ? "<absent>" : hex(value);
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "null" : HEX.formatHex(bytes);
  }
}
