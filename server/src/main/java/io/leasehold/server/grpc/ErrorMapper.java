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
  /** Longest message sent, in chars. */
  static final int MAX_MESSAGE_CHARS = 512;
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
    String text = fitForHeader(message);
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(text)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /**
   * Messages travel in trailers (twice: the status message and the details), and some repeat the
   * caller's input. Cap their length so a long input cannot push the trailers past a client's
   * header limit (8-10 KiB by default) and turn a clear refusal into a transport error, and replace
   * unpaired surrogates, which cannot be encoded as UTF-8.
   */
  static String fitForHeader(String message) {
    String m = message == null ? "" : message;
    if (m.length() > MAX_MESSAGE_CHARS) {
      int cut = MAX_MESSAGE_CHARS;
      if (Character.isHighSurrogate(m.charAt(cut - 1))) {
        cut--;
      }
      m = m.substring(0, cut) + "...";
    }
    StringBuilder out = null;
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < m.length()
          && Character.isLowSurrogate(m.charAt(i + 1));
      if (paired) {
        if (out != null) {
          out.append(c).append(m.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (out == null) {
          out = new StringBuilder(m.length()).append(m, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? m : out.toString();
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
