package io.leasehold.server.core.seal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The barrier's keys and the root key that protects them. With {@link Barrier}, the only place
 * that holds cleartext key material.
 *
 * <p>The barrier keys form one Tink keyset of AES-256-GCM keys whose key IDs are the <em>terms</em>
 * 1, 2, 3, ...: Tink writes the key ID into every ciphertext's 5-byte header, so each stored value
 * names the term that encrypted it and rotation (a new primary term) leaves old values readable.
 * The keyset is stored encrypted by the root key (AES-256-GCM, bound to its storage key); the root
 * key itself is never stored: {@code init} splits it into unseal keys.
 *
 * <p>Immutable: {@link #rotate} returns a new keyring.
 */
public final class Keyring {
  /** Bytes in a root key (AES-256). */
  public static final int ROOT_KEY_BYTES = 32;
  /** Binds the encrypted keyset to where it is stored, like every barrier value. */
  private static final byte[] KEYSET_AD = Barrier.KEYRING_KEY;

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final byte[] rootKey;
  private final KeysetHandle keyset;
  private final Aead aead;

  private Keyring(byte[] rootKey, KeysetHandle keyset) {
    this.rootKey = rootKey;
    this.keyset = keyset;
    try {
      this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the barrier keyring", e);
    }
  }

  /** A new keyring: a random root key and a first term. */
  public static Keyring generate(SecureRandom random) {
    byte[] root = new byte[ROOT_KEY_BYTES];
    random.nextBytes(root);
    try {
      KeysetHandle keys = KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
              .withFixedId(1)
              .makePrimary())
          .build();
      return new Keyring(root, keys);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the barrier keyring", e);
    }
  }

  /**
   * Opens a stored keyring with a candidate root key.
   *
   * @throws InvalidRootKeyException if the key is not the one that sealed it (or the bytes were
   *     changed): authenticated decryption fails, so a wrong key is never accepted
   */
  static Keyring open(byte[] stored, byte[] candidateRootKey) throws InvalidRootKeyException {
    if (candidateRootKey.length != ROOT_KEY_BYTES) {
      throw new InvalidRootKeyException();
    }
    byte[] root = candidateRootKey.clone();
    try {
      KeysetHandle keys = TinkProtoKeysetFormat.parseEncryptedKeyset(stored, rootAead(root),
          KEYSET_AD);
      return new Keyring(root, keys);
    } catch (GeneralSecurityException e) {
      Arrays.fill(root, (byte) 0);
      throw new InvalidRootKeyException();
    }
  }

  /** The keyset encrypted by the root key: what goes to storage. */
  byte[] encrypted() {
    try {
      return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, rootAead(rootKey), KEYSET_AD);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt the barrier keyring", e);
    }
  }

  /** A keyring with one more term, made primary; the older terms stay for reading. */
  Keyring rotate() {
    int next = term() + 1;
    try {
      KeysetHandle keys = KeysetHandle.newBuilder(keyset)
          .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
              .withFixedId(next)
              .makePrimary())
          .build();
      return new Keyring(rootKey, keys);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot rotate the barrier keyring", e);
    }
  }

  /** The term new values are encrypted with. */
  public int term() {
    return keyset.getPrimary().getId();
  }

  /** Encrypts with the current term (primary), decrypts with any term. */
  Aead aead() {
    return aead;
  }

  /** Whether {@code candidate} is this keyring's root key (constant time). */
  boolean hasRootKey(byte[] candidate) {
    return MessageDigest.isEqual(rootKey, candidate);
  }

  /** The root key split into unseal keys. */
  List<byte[]> splitRootKey(int shares, int threshold, SecureRandom random) {
    return UnsealKeys.split(rootKey, shares, threshold, random);
  }

  private static Aead rootAead(byte[] root) throws GeneralSecurityException {
    return new AesGcmJce(root);
  }

  /** A root key that does not open the stored keyring. */
  static final class InvalidRootKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidRootKeyException() {
      super("invalid root key", null, false, false);
    }
  }
}
