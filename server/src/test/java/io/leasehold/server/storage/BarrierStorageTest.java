package io.leasehold.server.storage;

import io.leasehold.server.core.seal.Barrier;
import io.leasehold.server.core.seal.Keyring;
import java.security.SecureRandom;

/** The barrier passes the storage contract: encryption changes no behaviour the SPI promises. */
final class BarrierStorageTest extends StorageContractTest {
  @Override
  protected Storage newStorage() {
    Barrier barrier = new Barrier(new InMemoryStorage());
    barrier.unseal(Keyring.generate(new SecureRandom()));
    return barrier;
  }
}
