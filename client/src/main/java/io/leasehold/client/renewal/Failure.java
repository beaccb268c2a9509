package io.leasehold.client.renewal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * What a failed call means for a renewal loop, decided from the gRPC status code and the
 * server's {@code ErrorInfo} reason (domain {@code leasehold.io}), never from message text.
 */
public enum Failure {
  /**
   * Worth retrying with backoff while the token lasts: the server is unreachable, sealed, slow, or
   * failed internally.
   */
  TRANSIENT,
  /** The token is gone or refused (revoked, expired, unknown, or denied): stop using it at once. */
  UNAUTHENTICATED,
  /** The server will not extend the token any more (its max TTL is reached). */
  MAX_TTL_REACHED,
  /** The token cannot be renewed at all (batch or non-renewable). */
  NOT_RENEWABLE,
  /** Anything else: a bug or bad input that retrying will not fix. */
  PERMANENT;

  static final String DOMAIN = "leasehold.io";

  /** The meaning of {@code failure} (any exception; non-gRPC ones are {@link #PERMANENT}). */
  public static Failure of(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    return switch (status.getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL -> TRANSIENT;
      case UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND -> UNAUTHENTICATED;
      case FAILED_PRECONDITION -> fromReason(reason(failure));
      case UNKNOWN -> hasStatus(failure) ? TRANSIENT : PERMANENT;
      default -> PERMANENT;
    };
  }

  private static Failure fromReason(String reason) {
    return switch (reason) {
      case "MAX_TTL_REACHED" -> MAX_TTL_REACHED;
      case "NOT_RENEWABLE", "BATCH_NOT_RENEWABLE" -> NOT_RENEWABLE;
      // "token not found" and the like: the token is no longer usable.
      default -> UNAUTHENTICATED;
    };
  }

  /** An UNKNOWN status from the wire (e.g. a proxy's error page) rather than a local exception. */
  private static boolean hasStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof io.grpc.StatusRuntimeException || t instanceof io.grpc.StatusException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The {@code ErrorInfo} reason of our domain in the status details, or "". */
  static String reason(Throwable failure) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      return "";
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          if (DOMAIN.equals(info.getDomain())) {
            return info.getReason();
          }
        } catch (InvalidProtocolBufferException e) {
          return "";
        }
      }
    }
    return "";
  }
}
