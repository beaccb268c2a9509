package io.leasehold.server.config;

import io.leasehold.server.storage.InMemoryStorage;
import io.leasehold.server.storage.RocksDbStorage;
import io.leasehold.server.storage.Storage;
import io.leasehold.server.storage.StorageIoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The storage backends a configuration can name, by the type in {@code storage "TYPE" { ... }}:
 * each says which options it requires and allows, and opens itself from the checked settings.
 * Adding a backend is one {@link #with} call (or one entry in {@link #builtIn}).
 */
public final class StorageBackends {

  /** Opens a backend from its checked settings. */
  @FunctionalInterface
  public interface Opener {
    Storage open(StorageSettings settings) throws IOException, ConfigException;
  }

  /** One backend: its type, its required and optional options, and how to open it. */
  public record Backend(String type, Set<String> required, Set<String> optional, Opener opener) {
    public Backend {
      required = Set.copyOf(required);
      optional = Set.copyOf(optional);
    }

    /** Every option it accepts, sorted. */
    public Set<String> allowed() {
      java.util.TreeSet<String> all = new java.util.TreeSet<>(required);
      all.addAll(optional);
      return all;
    }
  }

  private final Map<String, Backend> byType;

  private StorageBackends(Map<String, Backend> byType) {
    this.byType = Map.copyOf(byType);
  }

  /**
   * What this build has: {@code inmem} (nothing kept across restarts) and {@code rocksdb} (durable,
   * embedded; {@code path} is its directory, created if missing, relative to the working directory).
   */
  public static StorageBackends builtIn() {
    return new StorageBackends(Map.of())
        .with(new Backend("inmem", Set.of(), Set.of(), s -> new InMemoryStorage()))
        .with(new Backend("rocksdb", Set.of("path"), Set.of(), StorageBackends::openRocksDb));
  }

  private static Storage openRocksDb(StorageSettings s) throws IOException {
    try {
      return RocksDbStorage.open(Path.of(s.option("path")));
    } catch (StorageIoException e) {
      throw new IOException(s.where() + ": " + e.getMessage(), e);
    }
  }

  /** These backends plus (or with a replaced) {@code backend}. */
  public StorageBackends with(Backend backend) {
    Map<String, Backend> next = new TreeMap<>(byType);
    next.put(backend.type(), backend);
    return new StorageBackends(next);
  }

  /** The backend of that type. */
  public Optional<Backend> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The known types, sorted. */
  public Set<String> types() {
    return new java.util.TreeSet<>(byType.keySet());
  }

  /**
   * Opens the configured backend.
   *
   * @throws ConfigException if the type is unknown or the backend refuses its settings
   * @throws IOException if the backend cannot open its files
   */
  public Storage open(StorageSettings settings) throws IOException, ConfigException {
    Backend backend = find(settings.type()).orElseThrow(() -> new ConfigException(
        settings.where() + ": unknown storage type \"" + settings.type() + "\"; allowed: "
            + String.join(", ", types())));
    return backend.opener().open(settings);
  }
}
