package io.leasehold.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  @Test
  void values_areVaults() {
    assertThat(ExitCodes.OK).isZero();
    assertThat(ExitCodes.LOCAL_ERROR).isEqualTo(1);
    assertThat(ExitCodes.REMOTE_ERROR).isEqualTo(2);
  }

  @Test
  void forException_grpcStatus_remote() {
    assertThat(ExitCodes.forException(Status.NOT_FOUND.asRuntimeException()))
        .isEqualTo(ExitCodes.REMOTE_ERROR);
    assertThat(ExitCodes.forException(Status.UNAUTHENTICATED.asException()))
        .isEqualTo(ExitCodes.REMOTE_ERROR);
  }

  @Test
  void forException_grpcStatusDeepInCauseChain_remote() {
    Exception failure =
        new RuntimeException("outer", new IOException("middle", Status.UNAVAILABLE.asException()));

    assertThat(ExitCodes.forException(failure)).isEqualTo(ExitCodes.REMOTE_ERROR);
  }

  @Test
  void forException_anythingElse_local() {
    assertThat(ExitCodes.forException(new IOException("disk full")))
        .isEqualTo(ExitCodes.LOCAL_ERROR);
    assertThat(ExitCodes.forException(new IllegalArgumentException()))
        .isEqualTo(ExitCodes.LOCAL_ERROR);
  }

  @Test
  void forException_causeCycle_terminates() {
    CyclicException a = new CyclicException();
    CyclicException b = new CyclicException();
    a.cause = b;
    b.cause = a;

    assertThat(ExitCodes.forException(a)).isEqualTo(ExitCodes.LOCAL_ERROR);
  }

  /** Throwable refuses to build a cycle through initCause, so override getCause. */
  private static final class CyclicException extends RuntimeException {
    Throwable cause;

    @Override
    public synchronized Throwable getCause() {
      return cause;
    }
  }
}
