package io.leasehold.server.storage;

/** Thrown by a backend when a transaction lost a race; {@link Storage#transact} retries it. */
public final class StorageConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageConflictException(String message) {
    super(message);
  }
}
