package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.ReadRoleRequest;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.LookupTokenRequest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Very long inputs through a real Netty client with default settings: whatever the server says
 * about them must arrive as the documented status, never as a transport failure (INTERNAL).
 */
class LongInputsOverNettyTest {
  @RegisterExtension
  final LiveServer live = new LiveServer();

  /** The code and reason are what clients switch on; the message may shorten the echoed name. */
  private static void refusedWith(Status.Code code, String reason, String messagePrefix,
      ThrowingCallable call) {
    StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        StatusRuntimeException.class, call);
    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).startsWith(messagePrefix);
    assertThat(LiveServer.errorInfo(e).getReason()).isEqualTo(reason);
  }

  @Test
  void unknownRoleWithAVeryLongName_isInvalidArgument() {
    refusedWith(Status.Code.INVALID_ARGUMENT, "UNKNOWN_ROLE", "unknown role ",
        () -> live.root().createTokenAgainstRole(CreateTokenRequest.newBuilder()
            .setRoleName("a".repeat(10_000)).build()));
  }

  @Test
  void missingRoleWithAVeryLongName_isNotFound() {
    refusedWith(Status.Code.NOT_FOUND, "ROLE_NOT_FOUND", "role \"",
        () -> live.root().readRole(ReadRoleRequest.newBuilder()
            .setRoleName("b".repeat(10_000)).build()));
  }

  @Test
  void longValuesInTheResponseBody_arriveIntact() {
    // Warnings and metadata travel in the message body, which has room for them.
    String policy = "p".repeat(10_000);
    String value = "v".repeat(100_000);
    var created = live.root().createToken(CreateTokenRequest.newBuilder().addPolicies(policy)
        .putMeta("k", value).build());
    assertThat(created.getWarningsList())
        .containsExactly("Policy \"" + policy + "\" does not exist");
    TokenInfo info = live.root().lookupToken(LookupTokenRequest.newBuilder()
        .setToken(created.getAuth().getClientToken()).build()).getData();
    assertThat(info.getPoliciesList()).containsExactly("default", policy);
    assertThat(info.getMetaMap()).containsEntry("k", value);
  }
}
