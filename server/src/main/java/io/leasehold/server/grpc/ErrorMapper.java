package io.leasehold.server.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.leasehold.server.core.LeaseholdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one mapping from core failures to gRPC status, with an ErrorInfo on every error. */
final class ErrorMapper {
  static final String DOMAIN = "leasehold.io";
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof StatusRuntimeException s) {
      return s;
    }
    if (t instanceof LeaseholdException e) {
      return status(code(e.kind()), e.reason(), e.getMessage());
    }
    LOG.error("internal error", t);
    return status(Code.INTERNAL, "INTERNAL", "internal error");
  }

  static StatusRuntimeException status(Code code, String reason, String message) {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(message)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  private static Code code(LeaseholdException.Kind kind) {
    return switch (kind) {
      case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Code.PERMISSION_DENIED;
      case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT;
      case FAILED_PRECONDITION -> Code.FAILED_PRECONDITION;
      case NOT_FOUND -> Code.NOT_FOUND;
      case SEALED -> Code.UNAVAILABLE;
    };
  }
}
