package io.leasehold.client.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.grpc.Status;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FailureTest {

  @Test
  void transportAndServerTrouble_isTransient() {
    for (Status s : new Status[] {Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED,
        Status.RESOURCE_EXHAUSTED, Status.ABORTED, Status.INTERNAL, Status.UNKNOWN}) {
      assertThat(Failure.of(s.asRuntimeException())).as(s.toString()).isEqualTo(Failure.TRANSIENT);
    }
    // The server's sealed refusal is UNAVAILABLE with its own reason: still worth waiting for.
    assertThat(Failure.of(FakeTokenServer.status(Code.UNAVAILABLE, "SEALED", "server is sealed")))
        .isEqualTo(Failure.TRANSIENT);
  }

  @Test
  void refusedToken_isUnauthenticated_whateverTheWording() {
    assertThat(Failure.of(Status.UNAUTHENTICATED.asRuntimeException()))
        .isEqualTo(Failure.UNAUTHENTICATED);
    assertThat(Failure.of(Status.PERMISSION_DENIED.asException()))
        .isEqualTo(Failure.UNAUTHENTICATED);
    assertThat(Failure.of(Status.NOT_FOUND.asRuntimeException()))
        .isEqualTo(Failure.UNAUTHENTICATED);
    assertThat(Failure.of(FakeTokenServer.status(
        Code.FAILED_PRECONDITION, "TOKEN_NOT_FOUND", "token not found")))
        .isEqualTo(Failure.UNAUTHENTICATED);
  }

  @Test
  void preconditionReasons_decide_notTheMessage() {
    assertThat(Failure.of(FakeTokenServer.status(
        Code.FAILED_PRECONDITION, "MAX_TTL_REACHED", "lease is not renewable")))
        .isEqualTo(Failure.MAX_TTL_REACHED);
    assertThat(Failure.of(FakeTokenServer.status(
        Code.FAILED_PRECONDITION, "NOT_RENEWABLE", "past the max TTL, cannot renew")))
        .isEqualTo(Failure.NOT_RENEWABLE);
    assertThat(Failure.of(FakeTokenServer.status(
        Code.FAILED_PRECONDITION, "BATCH_NOT_RENEWABLE", "batch tokens cannot be renewed")))
        .isEqualTo(Failure.NOT_RENEWABLE);
  }

  @Test
  void localProblemsAndBadRequests_arePermanent() {
    assertThat(Failure.of(new IOException("role_id file missing"))).isEqualTo(Failure.PERMANENT);
    assertThat(Failure.of(new IllegalStateException())).isEqualTo(Failure.PERMANENT);
    assertThat(Failure.of(Status.INVALID_ARGUMENT.asRuntimeException()))
        .isEqualTo(Failure.PERMANENT);
    assertThat(Failure.of(Status.UNIMPLEMENTED.asRuntimeException()))
        .isEqualTo(Failure.PERMANENT);
  }
}
