package io.leasehold.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on gRPC refusals: status code, message and the ErrorInfo every error must carry. */
public final class Refused {
  /** The ErrorInfo domain of every Leasehold error. */
  public static final String DOMAIN = "leasehold.io";

  private Refused() {}

  /**
   * Asserts that {@code call} fails with exactly this code, message and ErrorInfo reason (domain
   * {@value #DOMAIN}); returns the exception for further checks.
   */
  public static StatusRuntimeException refused(Status.Code code, String message, String reason,
      ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("expected %s %s", code, message).isNotNull();
    assertThat(e.getStatus().getCode()).as("status code of: %s", e.getStatus())
        .isEqualTo(code);
    assertThat(e.getStatus().getDescription()).isEqualTo(message);
    ErrorInfo info = errorInfo(e).orElseThrow(
        () -> new AssertionError("no google.rpc.ErrorInfo in " + e.getStatus()));
    assertThat(info.getDomain()).isEqualTo(DOMAIN);
    assertThat(info.getReason()).isEqualTo(reason);
    return e;
  }

  /** The caller's own token was no good. */
  public static void unauthenticated(ThrowingCallable call) {
    refused(Status.Code.UNAUTHENTICATED, "permission denied", "TOKEN_INVALID", call);
  }

  /** A policy said no. */
  public static void denied(ThrowingCallable call) {
    refused(Status.Code.PERMISSION_DENIED, "permission denied", "POLICY_DENIED", call);
  }

  /** A lookup of another token that does not exist. */
  public static void badToken(ThrowingCallable call) {
    refused(Status.Code.PERMISSION_DENIED, "bad token", "BAD_TOKEN", call);
  }

  /** INVALID_ARGUMENT with this text and reason. */
  public static void invalid(String message, String reason, ThrowingCallable call) {
    refused(Status.Code.INVALID_ARGUMENT, message, reason, call);
  }

  /** FAILED_PRECONDITION with this text and reason. */
  public static void precondition(String message, String reason, ThrowingCallable call) {
    refused(Status.Code.FAILED_PRECONDITION, message, reason, call);
  }

  /** The ErrorInfo detail of a status, if it has one. */
  public static Optional<ErrorInfo> errorInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return Optional.of(detail.unpack(ErrorInfo.class));
        } catch (InvalidProtocolBufferException ex) {
          throw new AssertionError("undecodable ErrorInfo", ex);
        }
      }
    }
    return Optional.empty();
  }
}
