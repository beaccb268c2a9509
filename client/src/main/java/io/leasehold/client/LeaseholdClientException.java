package io.leasehold.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * A call to the Leasehold server failed: the server refused it, or it could not be reached.
 *
 * <p>Carries the gRPC {@link #code()}, the server's message ({@link #description()}, Vault's text
 * such as {@code permission denied}) and the {@code ErrorInfo} {@link #reason()} (e.g. {@code
 * TOKEN_INVALID}) that programs should switch on. A failure that never reached the server (no
 * connection, deadline passed) has no reason: {@link #reason()} is empty and {@link
 * #fromServer()} is false.
 */
public final class LeaseholdClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The ErrorInfo domain of every error the Leasehold server sends. */
  public static final String DOMAIN = "leasehold.io";

  private final transient Status.Code code;
  private final String description;
  private final String reason;
  private final String rpc;

  private LeaseholdClientException(
      String rpc, Status.Code code, String description, String reason, Throwable cause) {
    super(rpc + " failed: " + code + (description.isEmpty() ? "" : ": " + description), cause);
    this.rpc = rpc;
    this.code = code;
    this.description = description;
    this.reason = reason;
  }

  /** Wraps a failed call of the RPC {@code rpc} (e.g. {@code TokenService/CreateToken}). */
  public static LeaseholdClientException of(String rpc, StatusRuntimeException e) {
    Status status = e.getStatus();
    String description = status.getDescription() == null ? "" : status.getDescription();
    return new LeaseholdClientException(rpc, status.getCode(), description, reasonOf(e), e);
  }

  private static String reasonOf(StatusRuntimeException e) {
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    if (details == null) {
      return "";
    }
    for (Any any : details.getDetailsList()) {
      if (any.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = any.unpack(ErrorInfo.class);
          if (DOMAIN.equals(info.getDomain())) {
            return info.getReason();
          }
        } catch (InvalidProtocolBufferException ignored) {
          // A malformed detail is no reason; the code and message still say what happened.
        }
      }
    }
    return "";
  }

  /** The gRPC status code, e.g. {@code PERMISSION_DENIED}. */
  public Status.Code code() {
    return code;
  }

  /** The server's message (Vault's text, e.g. {@code bad token}); empty when there is none. */
  public String description() {
    return description;
  }

  /** The ErrorInfo reason, e.g. {@code BAD_TOKEN}; empty when the server did not answer. */
  public String reason() {
    return reason;
  }

  /** Which RPC failed, e.g. {@code TokenService/LookupToken}. */
  public String rpc() {
    return rpc;
  }

  /** True when the Leasehold server itself refused the call (an ErrorInfo came back). */
  public boolean fromServer() {
    return !reason.isEmpty();
  }

  /**
   * The HTTP status Vault would have answered with: 403 for a bad or missing token and for policy
   * denials, 400 for bad input and refusals by state, 404 for something missing, 503 when sealed
   * or unreachable, 504 past the deadline, 500 otherwise.
   */
  public int httpCode() {
    return switch (code) {
      case UNAUTHENTICATED, PERMISSION_DENIED -> 403;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, OUT_OF_RANGE -> 400;
      case NOT_FOUND -> 404;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
      case RESOURCE_EXHAUSTED -> 429;
      default -> 500;
    };
  }
}
