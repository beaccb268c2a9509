package io.leasehold.server.core.token;

/** How a token is kept. */
public enum TokenType {
  /** Persisted, renewable, revocable, with an accessor. */
  SERVICE,
  /** A sealed blob that is never stored. */
  BATCH;

  /** The lower-case name Vault shows ({@code service}, {@code batch}). */
  public String label() {
    return this == SERVICE ? "service" : "batch";
  }
}
