package io.leasehold.server.core.batch;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Storage;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The Tink keyset that seals batch tokens: the one class that touches cleartext key material.
 * Created on first start and kept in storage (behind the barrier), so every node and
 * every restart opens the same tokens. Rotation adds a new AES-256-GCM key and makes it primary;
 * tokens sealed under older keys stay readable until they expire.
 */
public final class BatchKeyset {
  private static final byte[] KEY = Keys.of("sys/batch/keyset");

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Storage storage;
  private volatile Aead aead;

  public BatchKeyset(Storage storage) {
    this.storage = storage;
  }

  /** Loads the keyset, creating it if this is the first start. */
  public void initialize() {
    KeysetHandle handle = storage.transact(tx -> {
      Optional<byte[]> stored = tx.get(KEY);
      if (stored.isPresent()) {
        return parse(stored.get());
      }
      KeysetHandle fresh = generate();
      tx.put(KEY, serialize(fresh));
      return fresh;
    });
    this.aead = primitive(handle);
  }

  /** Adds a new key and promotes it; returns the new primary key's ID. */
  public int rotate() {
    KeysetHandle handle = storage.transact(tx -> {
      // Locked: two rotations at once must both add their key, or tokens sealed under the key
      // that a lost update dropped would never open again.
      KeysetHandle current = tx.getForUpdate(KEY).map(BatchKeyset::parse)
          .orElseGet(BatchKeyset::generate);
      KeysetHandle next;
      try {
        next = KeysetHandle.newBuilder(current)
            .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId()
                .makePrimary())
            .build();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot rotate the batch-token keyset", e);
      }
      tx.put(KEY, serialize(next));
      return next;
    });
    this.aead = primitive(handle);
    return handle.getPrimary().getId();
  }

  /** Forgets the keyset (at seal); {@link #initialize} loads it again. */
  public void forget() {
    this.aead = null;
  }

  /** The AEAD of the current keyset (primary seals, any key opens). */
  Aead aead() {
    Aead a = aead;
    if (a == null) {
      throw LeaseholdException.sealed();
    }
    return a;
  }

  /** Reloads the keyset from storage (after another node rotated it). */
  public void reload() {
    storage.get(KEY).ifPresent(b -> this.aead = primitive(parse(b)));
  }

  private static KeysetHandle generate() {
    try {
      return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the batch-token keyset", e);
    }
  }

  private static KeysetHandle parse(byte[] bytes) {
    try {
      return TinkProtoKeysetFormat.parseKeyset(bytes, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored batch-token keyset is unreadable", e);
    }
  }

  private static byte[] serialize(KeysetHandle handle) {
    try {
      return TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize the batch-token keyset", e);
    }
  }

  private static Aead primitive(KeysetHandle handle) {
    try {
      return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the batch-token keyset", e);
    }
  }
}
