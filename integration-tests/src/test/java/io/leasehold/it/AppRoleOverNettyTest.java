package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AppRole over a real socket, where the client's address comes from the transport: a role bound to
 * 127.0.0.0/8 lets this loopback client in and copies its token_bound_cidrs to the token, which
 * then works from here; a role bound elsewhere refuses it.
 */
class AppRoleOverNettyTest {
  @RegisterExtension
  final LiveServer live = new LiveServer();

  private String login(String role) {
    var root = live.appRole(live.rootToken());
    String roleId = root.readRoleId(ReadRoleIdRequest.newBuilder().setRoleName(role).build())
        .getRoleId();
    String secretId = root.generateSecretId(GenerateSecretIdRequest.newBuilder()
        .setRoleName(role).build()).getSecretId();
    return live.appRole(null).login(AppRoleLoginRequest.newBuilder().setRoleId(roleId)
        .setSecretId(secretId).build()).getAuth().getClientToken();
  }

  @Test
  void cidrBindingUsesTheClientsAddress() {
    live.sys(live.rootToken()).enableAuth(EnableAuthRequest.newBuilder().setType("approle")
        .build());
    var root = live.appRole(live.rootToken());
    root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("local")
        .setSecretIdBoundCidrs(StringList.newBuilder().addValues("127.0.0.0/8"))
        .setTokenBoundCidrs(StringList.newBuilder().addValues("127.0.0.1/32")).build());
    root.writeRole(WriteAppRoleRequest.newBuilder().setRoleName("remote")
        .setSecretIdBoundCidrs(StringList.newBuilder().addValues("10.0.0.0/8")).build());

    String token = login("local");
    TokenInfo self = live.tokens(token).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData();
    assertThat(self.getPath()).isEqualTo("auth/approle/login");
    assertThat(self.getBoundCidrsList()).containsExactly("127.0.0.1/32");

    LiveServer.refused(Status.Code.FAILED_PRECONDITION,
        "source address \"127.0.0.1\" unauthorized through CIDR restrictions on the role",
        "SOURCE_ADDRESS_UNAUTHORIZED", () -> login("remote"));
  }
}
