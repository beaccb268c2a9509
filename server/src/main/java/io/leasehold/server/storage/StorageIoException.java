package io.leasehold.server.storage;

/**
 * A backend could not read or write its files (disk full, I/O error, corruption, a store already
 * opened by another process). Not a conflict: {@link Storage#transact} does not retry it.
 */
public final class StorageIoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
