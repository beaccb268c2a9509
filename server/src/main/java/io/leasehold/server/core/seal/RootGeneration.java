package io.leasehold.server.core.seal;

import io.leasehold.client.seal.RootTokenOtp;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.token.TokenIds;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * generate-root, Vault's OTP flow: an attempt starts with a one-time pad made by the server and
 * handed to the caller; unseal-key holders then give their keys one by one (with the attempt's
 * nonce); at the threshold the keys are joined and checked against the barrier's root key, and a
 * new root token (root policy, path {@code auth/token/root}, no lease) is returned encoded with the
 * pad ({@link RootTokenOtp}). Only one attempt runs at a time. Needs an unsealed server; sealing
 * cancels the attempt. Thread-safe.
 */
public final class RootGeneration {
  /** The pad is exactly as long as a root token. */
  static final int OTP_LENGTH = TokenIds.SERVICE_ID_LENGTH;

  private final SealManager seal;
  private final TokenIds pads = new TokenIds(new SecureRandom());
  private String nonce;
  private String otp;
  private final List<byte[]> parts = new ArrayList<>();

  RootGeneration(SealManager seal) {
    this.seal = seal;
  }

  /**
   * Starts an attempt; the answer carries the one-time pad, the only time it is shown.
   *
   * @throws LeaseholdException SEALED; FAILED_PRECONDITION "root generation already in progress"
   */
  public synchronized GenerateRootStatus start() {
    checkUnsealed();
    if (nonce != null) {
      throw LeaseholdException.precondition("ROOT_GENERATION_IN_PROGRESS",
          "root generation already in progress");
    }
    nonce = UUID.randomUUID().toString();
    otp = pads.randomBase62(OTP_LENGTH);
    return status(otp, "", false);
  }

  /**
   * Adds one unseal key to the attempt with {@code nonce}; the key that reaches the threshold
   * completes it (or, if the keys do not join into the root key, starts the key count over).
   *
   * @throws LeaseholdException SEALED; INVALID_ARGUMENT for a missing or malformed key, a wrong
   *     nonce, a key given twice, or keys that are not the root key's; FAILED_PRECONDITION when no
   *     attempt is in progress
   */
  public synchronized GenerateRootStatus update(String keyText, String givenNonce) {
    byte[] key = KeyText.decode(keyText, "'key' must be specified in request body as JSON");
    checkUnsealed();
    if (nonce == null) {
      throw LeaseholdException.precondition("NO_ROOT_GENERATION",
          "no root generation in progress");
    }
    if (!nonce.equals(givenNonce)) {
      throw LeaseholdException.invalid("INCORRECT_NONCE",
          "incorrect nonce supplied; nonce for this root generation operation is \"" + nonce
              + "\"");
    }
    for (byte[] given : parts) {
      if (MessageDigest.isEqual(given, key)) {
        throw LeaseholdException.invalid("DUPLICATE_KEY",
            "given key has already been provided during this generation operation");
      }
    }
    parts.add(key);
    if (parts.size() < seal.threshold()) {
      return status("", "", false);
    }
    int progress = parts.size();
    byte[] candidate;
    try {
      candidate = UnsealKeys.join(parts);
    } catch (IllegalArgumentException e) {
      candidate = null;
    } finally {
      parts.clear();
    }
    boolean verified = candidate != null && seal.barrier().isRootKey(candidate);
    if (candidate != null) {
      java.util.Arrays.fill(candidate, (byte) 0);
    }
    if (!verified) {
      throw LeaseholdException.invalid("INVALID_UNSEAL_KEY",
          "root generation aborted: root key verification failed: Unseal failed, invalid key");
    }
    String token = seal.createRootToken();
    String encoded = RootTokenOtp.encode(token, otp);
    GenerateRootStatus done = new GenerateRootStatus(true, nonce, progress, seal.threshold(),
        true, encoded, "", OTP_LENGTH);
    forget();
    return done;
  }

  /** Cancels the attempt, if any, and forgets its keys. */
  public synchronized void cancel() {
    checkUnsealed();
    forget();
  }

  /** The attempt's state; without one, {@code started} is false. */
  public synchronized GenerateRootStatus status() {
    checkUnsealed();
    return status("", "", false);
  }

  /** Drops the attempt and its keys (on seal). */
  public synchronized void forget() {
    nonce = null;
    otp = null;
    parts.clear();
  }

  private GenerateRootStatus status(String shownOtp, String encoded, boolean complete) {
    return new GenerateRootStatus(nonce != null, nonce == null ? "" : nonce, parts.size(),
        seal.threshold(), complete, encoded, shownOtp, OTP_LENGTH);
  }

  private void checkUnsealed() {
    if (seal.sealed()) {
      throw LeaseholdException.sealed();
    }
  }
}
