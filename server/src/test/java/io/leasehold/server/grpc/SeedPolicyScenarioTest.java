package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.WritePolicyRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's `test` policy: sudo on auth/token/create lets a parent make orphans. */
class SeedPolicyScenarioTest {
  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  private void writePolicy(String name, String capabilities) {
    leasehold.sys(ROOT).writePolicy(WritePolicyRequest.newBuilder().setName(name)
        .setPolicy("path \"auth/token/create\" {\n  capabilities = [" + capabilities + "]\n}\n")
        .build());
  }

  private static CreateTokenRequest.Builder create(long ttl, String... policies) {
    return CreateTokenRequest.newBuilder().setTtl(Duration.newBuilder().setSeconds(ttl))
        .addAllPolicies(java.util.List.of(policies));
  }

  @Test
  void parentWithSudo_makesChildAndOrphan_revokingItSparesTheOrphan() {
    writePolicy("test", "\"create\", \"read\", \"update\", \"delete\", \"list\", \"sudo\"");
    TokenAuth parent = leasehold.tokens(ROOT).createToken(create(60, "test").build()).getAuth();
    assertThat(parent.getPoliciesList()).containsExactly("default", "test");
    assertThat(parent.getLeaseDuration().getSeconds()).isEqualTo(60);

    TokenAuth child = leasehold.tokens(parent.getClientToken())
        .createToken(create(180, "default").build()).getAuth();
    assertThat(child.getOrphan()).isFalse();
    assertThat(child.getLeaseDuration().getSeconds()).isEqualTo(180);
    TokenAuth orphan = leasehold.tokens(parent.getClientToken())
        .createToken(create(180, "default").setNoParent(true).build()).getAuth();
    assertThat(orphan.getOrphan()).isTrue();

    leasehold.tokens(ROOT).revokeToken(RevokeTokenRequest.newBuilder()
        .setToken(parent.getClientToken()).build());
    Refused.badToken(() -> leasehold.tokens(ROOT).lookupToken(LookupTokenRequest.newBuilder()
        .setToken(parent.getClientToken()).build()));
    Refused.badToken(() -> leasehold.tokens(ROOT).lookupToken(LookupTokenRequest.newBuilder()
        .setToken(child.getClientToken()).build()));
    assertThat(leasehold.tokens(ROOT).lookupToken(LookupTokenRequest.newBuilder()
        .setToken(orphan.getClientToken()).build()).getData().getOrphan()).isTrue();
  }

  @Test
  void parentWithoutSudo_cannotMakeOrphansOrPeriodicTokens() {
    writePolicy("test", "\"create\", \"read\", \"update\", \"delete\", \"list\"");
    String parent = leasehold.tokens(ROOT).createToken(create(60, "test").build()).getAuth()
        .getClientToken();
    Refused.invalid("root or sudo privileges required to create orphan token", "SUDO_REQUIRED",
        () -> leasehold.tokens(parent).createToken(create(180, "default").setNoParent(true)
            .build()));
    Refused.invalid("root or sudo privileges required to create periodic token", "SUDO_REQUIRED",
        () -> leasehold.tokens(parent).createToken(CreateTokenRequest.newBuilder()
            .setPeriod(Duration.newBuilder().setSeconds(60)).build()));
    Refused.invalid("child policies must be subset of parent", "POLICIES_NOT_SUBSET",
        () -> leasehold.tokens(parent).createToken(create(180, "other").build()));
    assertThat(leasehold.tokens(parent).createToken(create(180, "test").build()).getAuth()
        .getPoliciesList()).containsExactly("default", "test");
  }

  @Test
  void policyChangesTakeEffectOnTheNextRequest() {
    writePolicy("test", "\"update\"");
    String parent = leasehold.tokens(ROOT).createToken(create(600, "test").build()).getAuth()
        .getClientToken();
    leasehold.tokens(parent).createToken(create(60).build());
    writePolicy("test", "\"read\"");
    Refused.denied(() -> leasehold.tokens(parent).createToken(create(60).build()));
    writePolicy("test", "\"update\", \"sudo\"");
    assertThat(leasehold.tokens(parent).createToken(create(60).setNoParent(true).build())
        .getAuth().getOrphan()).isTrue();
  }
}
