package io.leasehold.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.leasehold.server.core.LeaseholdException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  @Test
  void everyKindMapsToItsCode_withErrorInfo() {
    Object[][] table = {
        {LeaseholdException.Kind.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED},
        {LeaseholdException.Kind.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED},
        {LeaseholdException.Kind.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT},
        {LeaseholdException.Kind.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION},
        {LeaseholdException.Kind.NOT_FOUND, Status.Code.NOT_FOUND},
        {LeaseholdException.Kind.SEALED, Status.Code.UNAVAILABLE}};
    for (Object[] row : table) {
      StatusRuntimeException e = ErrorMapper.toStatus(
          new LeaseholdException((LeaseholdException.Kind) row[0], "SOME_REASON", "text"));
      assertThat(e.getStatus().getCode()).isEqualTo(row[1]);
      assertThat(e.getStatus().getDescription()).isEqualTo("text");
      ErrorInfo info = StatusProto.fromThrowable(e).getDetailsList().stream()
          .filter(a -> a.is(ErrorInfo.class)).findFirst().map(a -> {
            try {
              return a.unpack(ErrorInfo.class);
            } catch (com.google.protobuf.InvalidProtocolBufferException x) {
              throw new AssertionError(x);
            }
          }).orElseThrow();
      assertThat(info.getReason()).isEqualTo("SOME_REASON");
      assertThat(info.getDomain()).isEqualTo("leasehold.io");
    }
  }

  @Test
  void unexpectedFailures_becomeInternalWithoutDetail() {
    StatusRuntimeException e = ErrorMapper.toStatus(new IllegalStateException("secret s.abc"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription()).isEqualTo("internal error");
  }

  @Test
  void longMessagesAreCut_andUnpairedSurrogatesReplaced() {
    String cut = ErrorMapper.fitForHeader("x".repeat(10_000));
    assertThat(cut).hasSize(ErrorMapper.MAX_MESSAGE_CHARS + 3).endsWith("...");
    assertThat(ErrorMapper.fitForHeader("a\uD800b")).isEqualTo("a\uFFFDb");
    assertThat(ErrorMapper.fitForHeader("ok \uD83D\uDE00")).isEqualTo("ok \uD83D\uDE00");
    String boundary = "y".repeat(ErrorMapper.MAX_MESSAGE_CHARS - 1) + "\uD83D\uDE00tail";
    assertThat(ErrorMapper.fitForHeader(boundary))
        .isEqualTo("y".repeat(ErrorMapper.MAX_MESSAGE_CHARS - 1) + "...");
    assertThat(ErrorMapper.fitForHeader("short")).isEqualTo("short");
  }
}
