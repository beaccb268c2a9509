package io.leasehold.server.core.seal;

import java.util.Optional;

/** What the seal starts and stops: the core's services, which live behind the barrier. */
public interface UnsealedServices {
  /**
   * Called right after the barrier is unsealed: loads what the core keeps from storage (keyed-hash
   * salt, batch-token keyset, ...) and starts background work (expiry, interrupted revocations).
   */
  void open();

  /**
   * Called before the barrier is sealed: stops background work and forgets key material.
   * Idempotent.
   */
  void close();

  /**
   * Stores a new root token (root policy, orphan, path {@code auth/token/root}, no lease) while
   * open, and returns its ID: a random one, or {@code id} when given.
   */
  String createRootToken(Optional<String> id);
}
