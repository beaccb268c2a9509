package io.leasehold.it;

import io.grpc.inprocess.InProcessServerBuilder;
import io.leasehold.server.LeaseholdServer;
import io.leasehold.server.grpc.StoreConsistency;
import io.leasehold.server.storage.RocksDbStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Opens a stopped server's RocksDB directory in this JVM, through the barrier, unseals it with the
 * unseal keys (which, as at a server start, finishes interrupted revocations first) and runs
 * {@link StoreConsistency} over the raw store.
 */
final class StoreCheck {
  private StoreCheck() {}

  /** Every consistency violation in the store under {@code dataDir}; empty when consistent. */
  static List<String> violations(Path dataDir, List<String> unsealKeys) throws IOException {
    try (LeaseholdServer server = LeaseholdServer.builder()
        .dev(false)
        .serverBuilder(InProcessServerBuilder.forName("store-check-" + UUID.randomUUID()))
        .storage(RocksDbStorage.open(dataDir))
        .start()) {
      for (String key : unsealKeys) {
        server.seal().unseal(key);
      }
      if (server.seal().sealed()) {
        throw new IllegalStateException("the keys did not unseal the store in " + dataDir);
      }
      return StoreConsistency.violations(server.core());
    }
  }
}
