package io.leasehold.bench;

import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.storage.RocksDbStorage;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.StorageIoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The storage named by {@code --storage}: {@code inmem}, {@code rocksdb} (a new store in a
 * temporary directory, removed by {@link #deleteIfTemporary}) or {@code rocksdb:DIR}.
 */
record BenchStorage(Storage storage, String description, Path temporaryDirectory) {

  static BenchStorage open(String spec) {
    if (spec.equals("inmem")) {
      return new BenchStorage(new InMemoryStorage(), "inmem", null);
    }
    try {
      if (spec.equals("rocksdb")) {
        Path dir = Files.createTempDirectory("leasehold-bench-");
        return new BenchStorage(RocksDbStorage.open(dir), "rocksdb in " + dir + " (temporary)", dir);
      }
      if (spec.startsWith("rocksdb:") && spec.length() > "rocksdb:".length()) {
        Path dir = Path.of(spec.substring("rocksdb:".length()));
        return new BenchStorage(RocksDbStorage.open(dir), "rocksdb in " + dir, null);
      }
    } catch (IOException | StorageIoException e) {
      throw new BenchException("--storage=" + spec + ": " + e.getMessage(), e);
    }
    throw new BenchException("--storage must be inmem, rocksdb or rocksdb:DIR");
  }

  /** Removes the temporary store's files (the storage must be closed). */
  void deleteIfTemporary() {
    if (temporaryDirectory == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(temporaryDirectory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
