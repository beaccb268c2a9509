package io.leasehold.server.core;

/**
 * A refused request: the one error type the core throws for anything a caller did or asked. The
 * gRPC layer maps {@link Kind} to a status code in one table and sends {@link #reason()} as the
 * {@code ErrorInfo} reason, so clients switch on the reason and never parse the message.
 */
public final class LeaseholdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal this is; decides the status code. */
  public enum Kind {
    /** The caller's own token is missing, unknown, expired, revoked or used up. */
    UNAUTHENTICATED,
    /** A valid caller whose policies do not allow the request. */
    PERMISSION_DENIED,
    /** Malformed or invalid parameters. */
    INVALID_ARGUMENT,
    /** Well-formed, but refused by the current state of things. */
    FAILED_PRECONDITION,
    /** The named thing does not exist. */
    NOT_FOUND,
    /** The server is sealed. */
    SEALED,
  }

  private final Kind kind;
  private final String reason;

  public LeaseholdException(Kind kind, String reason, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  /** UPPER_SNAKE machine-readable reason, e.g. {@code TOKEN_NOT_FOUND}. */
  public String reason() {
    return reason;
  }

  /** Malformed or invalid parameters. */
  public static LeaseholdException invalid(String reason, String message) {
    return new LeaseholdException(Kind.INVALID_ARGUMENT, reason, message);
  }

  /** Refused by state. */
  public static LeaseholdException precondition(String reason, String message) {
    return new LeaseholdException(Kind.FAILED_PRECONDITION, reason, message);
  }

  /** The caller could not be authenticated; never says why. */
  public static LeaseholdException unauthenticated() {
    return new LeaseholdException(Kind.UNAUTHENTICATED, "TOKEN_INVALID", "permission denied");
  }

  /** The caller's policies do not allow this. */
  public static LeaseholdException denied() {
    return new LeaseholdException(Kind.PERMISSION_DENIED, "POLICY_DENIED", "permission denied");
  }

  /** The server is sealed. */
  public static LeaseholdException sealed() {
    return new LeaseholdException(Kind.SEALED, "SEALED", "server is sealed");
  }
}
