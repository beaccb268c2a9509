package io.leasehold.server.grpc;

import static io.leasehold.server.grpc.InProcessLeasehold.ROOT;
import static io.leasehold.server.grpc.Refused.badToken;
import static io.leasehold.server.grpc.Refused.denied;
import static io.leasehold.server.grpc.Refused.invalid;
import static io.leasehold.server.grpc.Refused.precondition;
import static io.leasehold.server.grpc.Refused.refused;
import static io.leasehold.server.grpc.Refused.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.CapabilitiesAccessorRequest;
import io.leasehold.proto.v1.DeleteAppRoleRequest;
import io.leasehold.proto.v1.DestroySecretIdAccessorRequest;
import io.leasehold.proto.v1.DestroySecretIdRequest;
import io.leasehold.proto.v1.DisableAuthRequest;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.GenerateSecretIdResponse;
import io.leasehold.proto.v1.ListAppRolesRequest;
import io.leasehold.proto.v1.ListSecretIdAccessorsRequest;
import io.leasehold.proto.v1.LookupSecretIdAccessorRequest;
import io.leasehold.proto.v1.LookupSecretIdRequest;
import io.leasehold.proto.v1.ReadAppRoleRequest;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.WriteRoleIdRequest;
import io.leasehold.proto.v1.CapabilitiesRequest;
import io.leasehold.proto.v1.CapabilitiesSelfRequest;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.DeletePolicyRequest;
import io.leasehold.proto.v1.ListPoliciesRequest;
import io.leasehold.proto.v1.ReadPolicyRequest;
import io.leasehold.proto.v1.WritePolicyRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.DeleteRoleRequest;
import io.leasehold.proto.v1.ListAccessorsRequest;
import io.leasehold.proto.v1.ListAuthMountsRequest;
import io.leasehold.proto.v1.ListRolesRequest;
import io.leasehold.proto.v1.LookupAccessorRequest;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.ReadAuthTuneRequest;
import io.leasehold.proto.v1.ReadRoleRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.RenewAccessorRequest;
import io.leasehold.proto.v1.RenewSelfRequest;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.RevokeAccessorRequest;
import io.leasehold.proto.v1.RevokeOrphanRequest;
import io.leasehold.proto.v1.RevokePrefixRequest;
import io.leasehold.proto.v1.RevokeSelfRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.GenerateRootCancelRequest;
import io.leasehold.proto.v1.GenerateRootInitRequest;
import io.leasehold.proto.v1.GenerateRootStatusRequest;
import io.leasehold.proto.v1.GenerateRootStatusResponse;
import io.leasehold.proto.v1.GenerateRootUpdateRequest;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.RotateRequest;
import io.leasehold.proto.v1.SealRequest;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.UnsealRequest;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TidyRequest;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenRole;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.proto.v1.TuneAuthRequest;
import io.leasehold.proto.v1.WriteRoleRequest;
import io.leasehold.server.CoreFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gRPC contract of token.proto, end to end through the in-process transport: every RPC of
 * both services answers, failures map to the documented status codes with Vault's texts and an
 * ErrorInfo, durations and times travel as protobuf types, and time is the fake clock's. The sys
 * service, health and reflection are in {@link SysGrpcContractTest}.
 */
class GrpcContractTest {
  private static final long START = CoreFixture.START;
  private static final long DEFAULT_TTL = 768 * 3600; // 2764800, Vault's system default

  @RegisterExtension
  final InProcessLeasehold leasehold = new InProcessLeasehold();

  @AfterEach
  void storeStaysConsistent() {
    assertThat(StoreConsistency.violations(leasehold.server().core())).isEmpty();
  }

  // ---- helpers ----

  private TokenServiceGrpc.TokenServiceBlockingStub root() {
    return leasehold.tokens(ROOT);
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  private static Timestamp millis(long ms) {
    return Timestamp.newBuilder().setSeconds(ms / 1000).setNanos((int) (ms % 1000) * 1_000_000)
        .build();
  }

  private CreateTokenResponse createAsRoot(CreateTokenRequest.Builder r) {
    return root().createToken(r.build());
  }

  private String tokenWithPolicies(String... policies) {
    return createAsRoot(CreateTokenRequest.newBuilder().addAllPolicies(List.of(policies)))
        .getAuth().getClientToken();
  }

  private TokenInfo lookupAsRoot(String token) {
    return root().lookupToken(LookupTokenRequest.newBuilder().setToken(token).build()).getData();
  }

  private void writeZabbix() {
    // vault write auth/token/roles/zabbix allowed_policies="policy1, policy2, policy3" orphan=true period=8h
    root().writeRole(WriteRoleRequest.newBuilder()
        .setRoleName("zabbix")
        .setAllowedPolicies(StringList.newBuilder().addValues("policy1").addValues(" policy2")
            .addValues(" policy3"))
        .setOrphan(true)
        .setPeriod(seconds(8 * 3600))
        .build());
  }

  private static CreateTokenRequest.Builder req() {
    return CreateTokenRequest.newBuilder();
  }

  // ---- every RPC answers ----

  @Test
  void everyRpcOfBothServicesAnswers() {
    TokenServiceGrpc.TokenServiceBlockingStub root = root();
    Map<String, Runnable> calls = new LinkedHashMap<>();
    calls.put("CreateToken", () -> assertThat(root.createToken(req().build()).getAuth()
        .getPoliciesList()).containsExactly("root"));
    calls.put("CreateOrphanToken", () -> assertThat(root.createOrphanToken(
        req().addPolicies("default").build()).getAuth().getOrphan()).isTrue());
    calls.put("CreateTokenAgainstRole", () -> {
      writeZabbix();
      assertThat(root.createTokenAgainstRole(req().setRoleName("zabbix").build()).getAuth()
          .getTokenPoliciesList()).containsExactly("default", "policy1", "policy2", "policy3");
    });
    calls.put("LookupToken", () -> assertThat(lookupAsRoot(ROOT).getPath())
        .isEqualTo("auth/token/root"));
    calls.put("LookupSelf", () -> assertThat(root.lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData().getId()).isEqualTo(ROOT));
    calls.put("LookupAccessor", () -> {
      TokenAuth t = createAsRoot(req().addPolicies("default")).getAuth();
      TokenInfo info = root.lookupAccessor(LookupAccessorRequest.newBuilder()
          .setAccessor(t.getAccessor()).build()).getData();
      assertThat(info.getId()).isEmpty();
      assertThat(info.getAccessor()).isEqualTo(t.getAccessor());
    });
    calls.put("RenewToken", () -> {
      String t = createAsRoot(req().addPolicies("default").setTtl(seconds(3600)))
          .getAuth().getClientToken();
      assertThat(root.renewToken(RenewTokenRequest.newBuilder().setToken(t)
          .setIncrement(seconds(600)).build()).getAuth().getLeaseDuration())
          .isEqualTo(seconds(600));
    });
    calls.put("RenewSelf", () -> {
      String t = createAsRoot(req().addPolicies("default").setTtl(seconds(3600)))
          .getAuth().getClientToken();
      assertThat(leasehold.tokens(t).renewSelf(RenewSelfRequest.getDefaultInstance()).getAuth()
          .getLeaseDuration()).isEqualTo(seconds(3600));
    });
    calls.put("RenewAccessor", () -> {
      TokenAuth t = createAsRoot(req().addPolicies("default").setTtl(seconds(3600))).getAuth();
      TokenAuth renewed = root.renewAccessor(RenewAccessorRequest.newBuilder()
          .setAccessor(t.getAccessor()).setIncrement(seconds(60)).build()).getAuth();
      assertThat(renewed.getClientToken()).isEmpty();
      assertThat(renewed.getLeaseDuration()).isEqualTo(seconds(60));
    });
    calls.put("RevokeToken", () -> {
      String t = tokenWithPolicies("default");
      root.revokeToken(RevokeTokenRequest.newBuilder().setToken(t).build());
      badToken(() -> lookupAsRoot(t));
    });
    calls.put("RevokeSelf", () -> {
      String t = tokenWithPolicies("default");
      leasehold.tokens(t).revokeSelf(RevokeSelfRequest.getDefaultInstance());
      badToken(() -> lookupAsRoot(t));
    });
    calls.put("RevokeAccessor", () -> {
      TokenAuth t = createAsRoot(req().addPolicies("default")).getAuth();
      assertThat(root.revokeAccessor(RevokeAccessorRequest.newBuilder()
          .setAccessor(t.getAccessor()).build()).getWarningsList()).isEmpty();
      badToken(() -> lookupAsRoot(t.getClientToken()));
    });
    calls.put("RevokeOrphan", () -> {
      String parent = tokenWithPolicies("root");
      String child = leasehold.tokens(parent).createToken(req().build()).getAuth()
          .getClientToken();
      root.revokeOrphan(RevokeOrphanRequest.newBuilder().setToken(parent).build());
      badToken(() -> lookupAsRoot(parent));
      assertThat(lookupAsRoot(child).getOrphan()).isTrue();
    });
    calls.put("ListAccessors", () -> {
      String rootAccessor = lookupAsRoot(ROOT).getAccessor();
      assertThat(root.listAccessors(ListAccessorsRequest.getDefaultInstance()).getKeysList())
          .contains(rootAccessor);
    });
    calls.put("WriteRole", () -> assertThat(root.writeRole(WriteRoleRequest.newBuilder()
        .setRoleName("writer").build()).getWarningsList()).isEmpty());
    calls.put("ReadRole", () -> assertThat(root.readRole(ReadRoleRequest.newBuilder()
        .setRoleName("writer").build()).getData().getName()).isEqualTo("writer"));
    calls.put("ListRoles", () -> assertThat(root.listRoles(ListRolesRequest.getDefaultInstance())
        .getKeysList()).contains("writer"));
    calls.put("DeleteRole", () -> {
      root.deleteRole(DeleteRoleRequest.newBuilder().setRoleName("writer").build());
      assertThat(root.listRoles(ListRolesRequest.getDefaultInstance()).getKeysList())
          .doesNotContain("writer");
    });
    calls.put("Tidy", () -> assertThat(root.tidy(TidyRequest.getDefaultInstance())
        .getWarningsList()).hasSize(1));

    SysServiceGrpc.SysServiceBlockingStub sys = leasehold.sys(ROOT);
    calls.put("SealStatus", () -> assertThat(sys.sealStatus(SealStatusRequest.getDefaultInstance())
        .getSealed()).isFalse());
    calls.put("ListAuthMounts", () -> {
      var mounts = sys.listAuthMounts(ListAuthMountsRequest.getDefaultInstance()).getMountsList();
      assertThat(mounts).hasSize(1);
      assertThat(mounts.get(0).getPath()).isEqualTo("token/");
      assertThat(mounts.get(0).getType()).isEqualTo("token");
      assertThat(mounts.get(0).getAccessor()).startsWith("auth_token_");
      assertThat(mounts.get(0).getDefaultLeaseTtl()).isEqualTo(seconds(DEFAULT_TTL));
      assertThat(mounts.get(0).getMaxLeaseTtl()).isEqualTo(seconds(DEFAULT_TTL));
    });
    calls.put("ReadAuthTune", () -> assertThat(sys.readAuthTune(ReadAuthTuneRequest.newBuilder()
        .setPath("token").build()).getMaxLeaseTtl()).isEqualTo(seconds(DEFAULT_TTL)));
    calls.put("TuneAuth", () -> assertThat(sys.tuneAuth(TuneAuthRequest.newBuilder()
        .setPath("token/").setDescription("tokens").build()).getWarningsList()).isEmpty());
    calls.put("ReadTokenCounters", () -> assertThat(sys.readTokenCounters(
        ReadTokenCountersRequest.getDefaultInstance()).getServiceTokensTotal()).isPositive());
    calls.put("RevokePrefix", () -> {
      String t = tokenWithPolicies("default");
      assertThat(sys.revokePrefix(RevokePrefixRequest.newBuilder()
          .setPrefix("auth/token/create").build()).getRevoked()).isPositive();
      badToken(() -> lookupAsRoot(t));
    });
    calls.put("WritePolicy", () -> {
      sys.writePolicy(WritePolicyRequest.newBuilder().setName("readers")
          .setPolicy("path \"secret/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n").build());
      assertThat(sys.listPolicies(ListPoliciesRequest.getDefaultInstance()).getKeysList())
          .contains("readers");
    });
    calls.put("ReadPolicy", () -> assertThat(sys.readPolicy(ReadPolicyRequest.newBuilder()
        .setName("default").build()).getPolicy()).contains("auth/token/lookup-self"));
    calls.put("ListPolicies", () -> assertThat(sys.listPolicies(
        ListPoliciesRequest.getDefaultInstance()).getKeysList()).contains("default", "root"));
    calls.put("DeletePolicy", () -> {
      sys.writePolicy(WritePolicyRequest.newBuilder().setName("gone")
          .setPolicy("path \"x\" { capabilities = [\"read\"] }").build());
      sys.deletePolicy(DeletePolicyRequest.newBuilder().setName("gone").build());
      assertThat(sys.listPolicies(ListPoliciesRequest.getDefaultInstance()).getKeysList())
          .doesNotContain("gone");
    });
    calls.put("Capabilities", () -> assertThat(sys.capabilities(CapabilitiesRequest.newBuilder()
        .setToken(tokenWithPolicies("default")).addPaths("cubbyhole/x").build())
        .getCapabilitiesMap().get("cubbyhole/x").getCapabilitiesList())
        .containsExactly("create", "delete", "list", "read", "update"));
    calls.put("CapabilitiesSelf", () -> assertThat(sys.capabilitiesSelf(
        CapabilitiesSelfRequest.newBuilder().addPaths("sys/anything").build()).getAllList())
        .containsExactly("root"));
    calls.put("CapabilitiesAccessor", () -> {
      TokenAuth t = createAsRoot(req().addPolicies("default")).getAuth();
      assertThat(sys.capabilitiesAccessor(CapabilitiesAccessorRequest.newBuilder()
          .setAccessor(t.getAccessor()).addPaths("auth/token/create").build()).getAllList())
          .containsExactly("deny");
    });

    appRoleCalls(calls);
    sealCalls(calls, sys);

    assertThat(calls.keySet()).containsExactlyInAnyOrderElementsOf(
        methodNames(TokenServiceGrpc.getServiceDescriptor(), SysServiceGrpc.getServiceDescriptor(),
            AppRoleServiceGrpc.getServiceDescriptor()));
    calls.values().forEach(Runnable::run);
  }

  /** The sys mount RPCs and every AppRole RPC, in an order where each finds what it needs. */
  private void appRoleCalls(Map<String, Runnable> calls) {
    SysServiceGrpc.SysServiceBlockingStub sys = leasehold.sys(ROOT);
    AppRoleServiceGrpc.AppRoleServiceBlockingStub a = leasehold.appRole(ROOT);
    String[] secret = new String[2];
    calls.put("EnableAuth", () -> assertThat(sys.enableAuth(EnableAuthRequest.newBuilder()
        .setType("approle").build()).getAccessor()).startsWith("auth_approle_"));
    calls.put("WriteRole@AppRole", () -> assertThat(a.writeRole(WriteAppRoleRequest.newBuilder()
        .setRoleName("ci").setTokenPolicies(StringList.newBuilder().addValues("ci")).build())
        .getWarningsList()).isEmpty());
    calls.put("ReadRole@AppRole", () -> assertThat(a.readRole(ReadAppRoleRequest.newBuilder()
        .setRoleName("ci").build()).getData().getTokenPoliciesList()).containsExactly("ci"));
    calls.put("ListRoles@AppRole", () -> assertThat(a.listRoles(
        ListAppRolesRequest.getDefaultInstance()).getKeysList()).containsExactly("ci"));
    calls.put("WriteRoleId", () -> a.writeRoleId(WriteRoleIdRequest.newBuilder()
        .setRoleName("ci").setRoleId("ci-role-id").build()));
    calls.put("ReadRoleId", () -> assertThat(a.readRoleId(ReadRoleIdRequest.newBuilder()
        .setRoleName("ci").build()).getRoleId()).isEqualTo("ci-role-id"));
    calls.put("GenerateSecretId", () -> {
      GenerateSecretIdResponse g = a.generateSecretId(GenerateSecretIdRequest.newBuilder()
          .setRoleName("ci").build());
      secret[0] = g.getSecretId();
      secret[1] = g.getSecretIdAccessor();
    });
    calls.put("ListSecretIdAccessors", () -> assertThat(a.listSecretIdAccessors(
        ListSecretIdAccessorsRequest.newBuilder().setRoleName("ci").build()).getKeysList())
        .containsExactly(secret[1]));
    calls.put("LookupSecretId", () -> assertThat(a.lookupSecretId(LookupSecretIdRequest
        .newBuilder().setRoleName("ci").setSecretId(secret[0]).build()).getSecretIdAccessor())
        .isEqualTo(secret[1]));
    calls.put("LookupSecretIdAccessor", () -> assertThat(a.lookupSecretIdAccessor(
        LookupSecretIdAccessorRequest.newBuilder().setRoleName("ci").setSecretIdAccessor(secret[1])
            .build()).getSecretIdNumUses()).isZero());
    calls.put("Login@AppRole", () -> assertThat(leasehold.appRole().login(AppRoleLoginRequest
        .newBuilder().setRoleId("ci-role-id").setSecretId(secret[0]).build()).getAuth()
        .getPoliciesList()).containsExactly("ci", "default"));
    calls.put("DestroySecretId", () -> a.destroySecretId(DestroySecretIdRequest.newBuilder()
        .setRoleName("ci").setSecretId(secret[0]).build()));
    calls.put("DestroySecretIdAccessor", () -> {
      String acc = a.generateSecretId(GenerateSecretIdRequest.newBuilder().setRoleName("ci")
          .build()).getSecretIdAccessor();
      a.destroySecretIdAccessor(DestroySecretIdAccessorRequest.newBuilder().setRoleName("ci")
          .setSecretIdAccessor(acc).build());
      assertThat(a.listSecretIdAccessors(ListSecretIdAccessorsRequest.newBuilder()
          .setRoleName("ci").build()).getKeysList()).isEmpty();
    });
    calls.put("DeleteRole@AppRole", () -> {
      a.deleteRole(DeleteAppRoleRequest.newBuilder().setRoleName("ci").build());
      assertThat(a.listRoles(ListAppRolesRequest.getDefaultInstance()).getKeysList()).isEmpty();
    });
    calls.put("DisableAuth", () -> assertThat(sys.disableAuth(DisableAuthRequest.newBuilder()
        .setPath("approle").build()).getRevoked()).isEqualTo(1));
  }

  /** The seal's RPCs (more in SealGrpcTest); each leaves the server unsealed. */
  private void sealCalls(Map<String, Runnable> calls, SysServiceGrpc.SysServiceBlockingStub sys) {
    SysServiceGrpc.SysServiceBlockingStub anonymous = leasehold.sys();
    String key = leasehold.server().unsealKey();
    calls.put("Init", () -> precondition("server is already initialized", "ALREADY_INITIALIZED",
        () -> anonymous.init(InitRequest.newBuilder().setSecretShares(1).setSecretThreshold(1)
            .build())));
    calls.put("Seal", () -> {
      sys.seal(SealRequest.getDefaultInstance());
      assertThat(anonymous.sealStatus(SealStatusRequest.getDefaultInstance()).getSealed())
          .isTrue();
      anonymous.unseal(UnsealRequest.newBuilder().setKey(key).build());
    });
    calls.put("Unseal", () -> assertThat(anonymous.unseal(UnsealRequest.newBuilder().setKey(key)
        .build()).getSealed()).isFalse());
    calls.put("GenerateRootInit", () -> {
      assertThat(anonymous.generateRootInit(GenerateRootInitRequest.getDefaultInstance())
          .getOtp()).hasSize(26);
      anonymous.generateRootCancel(GenerateRootCancelRequest.getDefaultInstance());
    });
    calls.put("GenerateRootUpdate", () -> {
      GenerateRootStatusResponse started = anonymous.generateRootInit(
          GenerateRootInitRequest.getDefaultInstance());
      GenerateRootStatusResponse done = anonymous.generateRootUpdate(GenerateRootUpdateRequest
          .newBuilder().setKey(key).setNonce(started.getNonce()).build());
      String token = io.leasehold.client.seal.RootTokenOtp.decode(done.getEncodedToken(),
          started.getOtp());
      assertThat(leasehold.tokens(token).lookupSelf(LookupSelfRequest.getDefaultInstance())
          .getData().getPoliciesList()).containsExactly("root");
    });
    calls.put("GenerateRootCancel", () -> anonymous.generateRootCancel(
        GenerateRootCancelRequest.getDefaultInstance()));
    calls.put("GenerateRootStatus", () -> assertThat(anonymous.generateRootStatus(
        GenerateRootStatusRequest.getDefaultInstance()).getStarted()).isFalse());
    calls.put("Rotate", () -> assertThat(sys.rotate(RotateRequest.getDefaultInstance())
        .getTerm()).isGreaterThan(1));
  }

  /** The RPCs that need no token: seal status, init, unseal and generate-root. */
  static final Set<String> UNAUTHENTICATED_RPCS = Set.of("SealStatus", "Init", "Unseal",
      "GenerateRootInit", "GenerateRootUpdate", "GenerateRootCancel", "GenerateRootStatus");

  /** Method names; those of the AppRole service end in {@code @AppRole} (some repeat others'). */
  private static Set<String> methodNames(ServiceDescriptor... services) {
    Set<String> out = new TreeSet<>();
    for (ServiceDescriptor s : services) {
      boolean appRole = s.getName().equals(AppRoleServiceGrpc.SERVICE_NAME);
      for (MethodDescriptor<?, ?> m : s.getMethods()) {
        String name = m.getBareMethodName();
        boolean clash = appRole && List.of("WriteRole", "ReadRole", "ListRoles", "DeleteRole",
            "Login").contains(name);
        out.add(clash ? name + "@AppRole" : name);
      }
    }
    return out;
  }

  /** Every RPC that takes a token, called with harmless, well-formed arguments. */
  static Stream<Arguments> authenticatedRpcs() {
    Map<String, Function<Stubs, Object>> m = new LinkedHashMap<>();
    m.put("CreateToken", s -> s.t.createToken(req().build()));
    m.put("CreateOrphanToken", s -> s.t.createOrphanToken(req().build()));
    m.put("CreateTokenAgainstRole", s -> s.t.createTokenAgainstRole(
        req().setRoleName("zabbix").build()));
    m.put("LookupToken", s -> s.t.lookupToken(LookupTokenRequest.newBuilder()
        .setToken(ROOT).build()));
    m.put("LookupSelf", s -> s.t.lookupSelf(LookupSelfRequest.getDefaultInstance()));
    m.put("LookupAccessor", s -> s.t.lookupAccessor(LookupAccessorRequest.newBuilder()
        .setAccessor("x").build()));
    m.put("RenewToken", s -> s.t.renewToken(RenewTokenRequest.newBuilder().setToken(ROOT)
        .build()));
    m.put("RenewSelf", s -> s.t.renewSelf(RenewSelfRequest.getDefaultInstance()));
    m.put("RenewAccessor", s -> s.t.renewAccessor(RenewAccessorRequest.newBuilder()
        .setAccessor("x").build()));
    m.put("RevokeToken", s -> s.t.revokeToken(RevokeTokenRequest.newBuilder().setToken(ROOT)
        .build()));
    m.put("RevokeSelf", s -> s.t.revokeSelf(RevokeSelfRequest.getDefaultInstance()));
    m.put("RevokeAccessor", s -> s.t.revokeAccessor(RevokeAccessorRequest.newBuilder()
        .setAccessor("x").build()));
    m.put("RevokeOrphan", s -> s.t.revokeOrphan(RevokeOrphanRequest.newBuilder().setToken(ROOT)
        .build()));
    m.put("ListAccessors", s -> s.t.listAccessors(ListAccessorsRequest.getDefaultInstance()));
    m.put("WriteRole", s -> s.t.writeRole(WriteRoleRequest.newBuilder().setRoleName("zabbix")
        .build()));
    m.put("ReadRole", s -> s.t.readRole(ReadRoleRequest.newBuilder().setRoleName("zabbix")
        .build()));
    m.put("ListRoles", s -> s.t.listRoles(ListRolesRequest.getDefaultInstance()));
    m.put("DeleteRole", s -> s.t.deleteRole(DeleteRoleRequest.newBuilder().setRoleName("zabbix")
        .build()));
    m.put("Tidy", s -> s.t.tidy(TidyRequest.getDefaultInstance()));
    m.put("ListAuthMounts", s -> s.s.listAuthMounts(ListAuthMountsRequest.getDefaultInstance()));
    m.put("ReadAuthTune", s -> s.s.readAuthTune(ReadAuthTuneRequest.newBuilder().setPath("token")
        .build()));
    m.put("TuneAuth", s -> s.s.tuneAuth(TuneAuthRequest.newBuilder().setPath("token")
        .setDefaultLeaseTtl(seconds(60)).build()));
    m.put("ReadTokenCounters", s -> s.s.readTokenCounters(
        ReadTokenCountersRequest.getDefaultInstance()));
    m.put("RevokePrefix", s -> s.s.revokePrefix(RevokePrefixRequest.newBuilder()
        .setPrefix("auth/token/create").build()));
    m.put("WritePolicy", s -> s.s.writePolicy(WritePolicyRequest.newBuilder().setName("p")
        .setPolicy("path \"x\" { capabilities = [\"read\"] }").build()));
    m.put("ReadPolicy", s -> s.s.readPolicy(ReadPolicyRequest.newBuilder().setName("default")
        .build()));
    m.put("ListPolicies", s -> s.s.listPolicies(ListPoliciesRequest.getDefaultInstance()));
    m.put("DeletePolicy", s -> s.s.deletePolicy(DeletePolicyRequest.newBuilder().setName("p")
        .build()));
    m.put("Capabilities", s -> s.s.capabilities(CapabilitiesRequest.newBuilder().setToken(ROOT)
        .addPaths("x").build()));
    m.put("CapabilitiesSelf", s -> s.s.capabilitiesSelf(CapabilitiesSelfRequest.newBuilder()
        .addPaths("x").build()));
    m.put("CapabilitiesAccessor", s -> s.s.capabilitiesAccessor(
        CapabilitiesAccessorRequest.newBuilder().setAccessor("x").addPaths("x").build()));
    m.put("EnableAuth", s -> s.s.enableAuth(EnableAuthRequest.newBuilder().setType("approle")
        .build()));
    m.put("DisableAuth", s -> s.s.disableAuth(DisableAuthRequest.newBuilder().setPath("approle")
        .build()));
    m.put("WriteRole@AppRole", s -> s.a.writeRole(WriteAppRoleRequest.newBuilder()
        .setRoleName("ci").build()));
    m.put("ReadRole@AppRole", s -> s.a.readRole(ReadAppRoleRequest.newBuilder().setRoleName("ci")
        .build()));
    m.put("ListRoles@AppRole", s -> s.a.listRoles(ListAppRolesRequest.getDefaultInstance()));
    m.put("DeleteRole@AppRole", s -> s.a.deleteRole(DeleteAppRoleRequest.newBuilder()
        .setRoleName("ci").build()));
    m.put("ReadRoleId", s -> s.a.readRoleId(ReadRoleIdRequest.newBuilder().setRoleName("ci")
        .build()));
    m.put("WriteRoleId", s -> s.a.writeRoleId(WriteRoleIdRequest.newBuilder().setRoleName("ci")
        .setRoleId("x").build()));
    m.put("GenerateSecretId", s -> s.a.generateSecretId(GenerateSecretIdRequest.newBuilder()
        .setRoleName("ci").build()));
    m.put("ListSecretIdAccessors", s -> s.a.listSecretIdAccessors(
        ListSecretIdAccessorsRequest.newBuilder().setRoleName("ci").build()));
    m.put("LookupSecretId", s -> s.a.lookupSecretId(LookupSecretIdRequest.newBuilder()
        .setRoleName("ci").setSecretId("x").build()));
    m.put("DestroySecretId", s -> s.a.destroySecretId(DestroySecretIdRequest.newBuilder()
        .setRoleName("ci").setSecretId("x").build()));
    m.put("LookupSecretIdAccessor", s -> s.a.lookupSecretIdAccessor(
        LookupSecretIdAccessorRequest.newBuilder().setRoleName("ci").setSecretIdAccessor("x")
            .build()));
    m.put("DestroySecretIdAccessor", s -> s.a.destroySecretIdAccessor(
        DestroySecretIdAccessorRequest.newBuilder().setRoleName("ci").setSecretIdAccessor("x")
            .build()));
    m.put("Seal", s -> s.s.seal(SealRequest.getDefaultInstance()));
    m.put("Rotate", s -> s.s.rotate(RotateRequest.getDefaultInstance()));
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /** The two stubs of one caller. */
  record Stubs(TokenServiceGrpc.TokenServiceBlockingStub t, SysServiceGrpc.SysServiceBlockingStub s,
      AppRoleServiceGrpc.AppRoleServiceBlockingStub a) {
    /** The stubs of a caller sending {@code token}, or none when it is null. */
    static Stubs of(InProcessLeasehold leasehold, String token) {
      return token == null
          ? new Stubs(leasehold.tokens(), leasehold.sys(), leasehold.appRole())
          : new Stubs(leasehold.tokens(token), leasehold.sys(token), leasehold.appRole(token));
    }
  }

  @Test
  void authenticatedRpcsCoverEverythingButTheUnauthenticatedOnes() {
    Set<String> covered = authenticatedRpcs().map(a -> (String) a.get()[0])
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> all = methodNames(TokenServiceGrpc.getServiceDescriptor(),
        SysServiceGrpc.getServiceDescriptor(), AppRoleServiceGrpc.getServiceDescriptor());
    all.removeAll(UNAUTHENTICATED_RPCS);
    all.remove("Login@AppRole"); // the way in: no token
    assertThat(covered).isEqualTo(all);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authenticatedRpcs")
  void withoutAToken_everyRpcIsUnauthenticated(String rpc,
      Function<Stubs, Object> call) {
    Stubs none = Stubs.of(leasehold, null);
    unauthenticated(() -> call.apply(none));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authenticatedRpcs")
  void withAnUnknownToken_everyRpcIsUnauthenticated(String rpc,
      Function<Stubs, Object> call) {
    Stubs garbage = Stubs.of(leasehold, "s.notARealTokenAtAll12345");
    unauthenticated(() -> call.apply(garbage));
  }

  @Test
  void unauthenticatedErrorCarriesErrorInfo() {
    var e = refused(Status.Code.UNAUTHENTICATED, "permission denied", "TOKEN_INVALID",
        () -> leasehold.tokens().lookupSelf(LookupSelfRequest.getDefaultInstance()));
    assertThat(Refused.errorInfo(e).orElseThrow().getDomain()).isEqualTo("leasehold.io");
  }

  /** Calls with malformed arguments that the server checks only after the token. */
  static Stream<Arguments> malformedCallsWithoutToken() {
    Map<String, Function<Stubs, Object>> m = new LinkedHashMap<>();
    m.put("CreateToken with an invalid duration", s -> s.t.createToken(req().setTtl(
        Duration.newBuilder().setSeconds(1).setNanos(-1)).build()));
    m.put("CreateToken with a bad type", s -> s.t.createToken(req().setTypeValue(99).build()));
    m.put("RevokePrefix without prefix", s -> s.s.revokePrefix(
        RevokePrefixRequest.getDefaultInstance()));
    m.put("LookupAccessor without accessor", s -> s.t.lookupAccessor(
        LookupAccessorRequest.getDefaultInstance()));
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /** Calls whose route is built from a malformed role name or mount path. */
  static Stream<Arguments> malformedRouteCallsWithoutToken() {
    Map<String, Function<Stubs, Object>> m = new LinkedHashMap<>();
    m.put("WriteRole with an invalid name", s -> s.t.writeRole(WriteRoleRequest.newBuilder()
        .setRoleName("not a valid name!").build()));
    m.put("ReadRole with an empty name", s -> s.t.readRole(ReadRoleRequest.getDefaultInstance()));
    m.put("CreateTokenAgainstRole without role", s -> s.t.createTokenAgainstRole(req().build()));
    m.put("ReadAuthTune without path", s -> s.s.readAuthTune(
        ReadAuthTuneRequest.getDefaultInstance()));
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedCallsWithoutToken")
  void withoutAToken_malformedArgumentsAreNotLookedAt(String name,
      Function<Stubs, Object> call) {
    // token.proto: "A missing, unknown, expired, revoked or used-up caller token fails
    // UNAUTHENTICATED" -- as in Vault, where the token is checked before the request is routed.
    unauthenticated(() -> call.apply(Stubs.of(leasehold, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRouteCallsWithoutToken")
  void withoutAToken_malformedRouteArgumentsAreNotLookedAt(String name,
      Function<Stubs, Object> call) {
    unauthenticated(() -> call.apply(Stubs.of(leasehold, null)));
  }

  @Test
  void authorizationBearerHeaderIsAcceptedToo() {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ROOT);
    TokenInfo self = leasehold.tokens()
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .lookupSelf(LookupSelfRequest.getDefaultInstance()).getData();
    assertThat(self.getPoliciesList()).containsExactly("root");
  }

  @Test
  void nonRootToken_listingAccessors_isPermissionDenied() {
    String t = tokenWithPolicies("default");
    denied(() -> leasehold.tokens(t).listAccessors(ListAccessorsRequest.getDefaultInstance()));
    // A denied request still answers for other paths the token may use.
    assertThat(leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData()
        .getPoliciesList()).containsExactly("default");
  }

  @Test
  void lookupOfUnknownToken_isBadToken() {
    badToken(() -> lookupAsRoot("s.doesNotExist000000000000"));
  }

  @Test
  void renewOfUnknownToken_isTokenNotFound() {
    precondition("token not found", "TOKEN_NOT_FOUND", () -> root().renewToken(
        RenewTokenRequest.newBuilder().setToken("s.doesNotExist000000000000").build()));
  }

  @Test
  void renewOfTheDevRootToken_isInvalidLeaseId() {
    precondition("invalid lease ID", "INVALID_LEASE", () -> root().renewToken(
        RenewTokenRequest.newBuilder().setToken(ROOT).build()));
  }

  @Test
  void renewOfANonExpiringRootChild_isNotRenewable() {
    String t = createAsRoot(req()).getAuth().getClientToken();
    precondition("lease is not renewable", "NOT_RENEWABLE", () -> root().renewToken(
        RenewTokenRequest.newBuilder().setToken(t).build()));
  }

  @Test
  void lookupAccessorErrors() {
    invalid("missing accessor", "MISSING_ACCESSOR", () -> root().lookupAccessor(
        LookupAccessorRequest.getDefaultInstance()));
    precondition("invalid accessor", "INVALID_ACCESSOR", () -> root().lookupAccessor(
        LookupAccessorRequest.newBuilder().setAccessor("nope").build()));
  }

  @Test
  void revokeErrors() {
    invalid("missing token ID", "MISSING_TOKEN", () -> root().revokeToken(
        RevokeTokenRequest.getDefaultInstance()));
    // Revoking an unknown token is a no-op.
    assertThat(root().revokeToken(RevokeTokenRequest.newBuilder().setToken("s.unknown").build())
        .getWarningsList()).isEmpty();
    precondition("token to revoke not found", "TOKEN_NOT_FOUND", () -> root().revokeOrphan(
        RevokeOrphanRequest.newBuilder().setToken("s.unknown").build()));
    invalid("missing accessor", "MISSING_ACCESSOR", () -> root().revokeAccessor(
        RevokeAccessorRequest.getDefaultInstance()));
  }

  @Test
  void invalidTokenTypeEnumValue_isInvalidArgument() {
    invalid("invalid 'token_type' value", "INVALID_TOKEN_TYPE",
        () -> createAsRoot(req().setTypeValue(99)));
  }

  @Test
  void numUsesNegative_isInvalidArgument() {
    invalid("number of uses cannot be negative", "NEGATIVE_NUM_USES",
        () -> createAsRoot(req().setNumUses(-1)));
  }

  static Stream<Arguments> negativeCreateDurations() {
    Duration minusOne = seconds(-1);
    Duration minusNano = Duration.newBuilder().setNanos(-1).build();
    return Stream.of(
        Arguments.of("ttl", req().setTtl(minusOne), "ttl must be positive"),
        Arguments.of("ttl -1ns", req().setTtl(minusNano), "ttl must be positive"),
        Arguments.of("explicit_max_ttl", req().setExplicitMaxTtl(minusOne),
            "explicit_max_ttl must be positive"),
        Arguments.of("period", req().setPeriod(minusOne), "period must be positive"),
        // Vault checks explicit_max_ttl, then period, then ttl.
        Arguments.of("all three", req().setTtl(minusOne).setPeriod(minusOne)
            .setExplicitMaxTtl(minusOne), "explicit_max_ttl must be positive"),
        Arguments.of("period and ttl", req().setTtl(minusOne).setPeriod(minusOne),
            "period must be positive"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negativeCreateDurations")
  void negativeCreateDuration_isRefusedWithVaultsText(String name, CreateTokenRequest.Builder r,
      String message) {
    invalid(message, "NEGATIVE_DURATION", () -> createAsRoot(r));
  }

  @Test
  void negativeRoleDurations_areRefusedWithVaultsText() {
    invalid("error parsing role fields: 'token_period' cannot be negative", "INVALID_ROLE_FIELD",
        () -> root().writeRole(WriteRoleRequest.newBuilder().setRoleName("r")
            .setTokenPeriod(seconds(-60)).build()));
    invalid("error parsing role fields: 'token_explicit_max_ttl' cannot be negative",
        "INVALID_ROLE_FIELD", () -> root().writeRole(WriteRoleRequest.newBuilder()
            .setRoleName("r").setTokenExplicitMaxTtl(seconds(-60)).build()));
    assertThat(root().listRoles(ListRolesRequest.getDefaultInstance()).getKeysList()).isEmpty();
  }

  @Test
  void negativeIncrementAndTuneDurations_areInvalidArgument() {
    String t = createAsRoot(req().addPolicies("default").setTtl(seconds(60))).getAuth()
        .getClientToken();
    invalid("increment must be positive", "NEGATIVE_DURATION", () -> root().renewToken(
        RenewTokenRequest.newBuilder().setToken(t).setIncrement(seconds(-5)).build()));
    invalid("default_lease_ttl must be positive", "INVALID_TTL", () -> leasehold.sys(ROOT)
        .tuneAuth(TuneAuthRequest.newBuilder().setPath("token")
            .setDefaultLeaseTtl(seconds(-5)).build()));
    invalid("max_lease_ttl must be positive", "INVALID_TTL", () -> leasehold.sys(ROOT)
        .tuneAuth(TuneAuthRequest.newBuilder().setPath("token")
            .setMaxLeaseTtl(seconds(-5)).build()));
  }

  @Test
  void malformedProtobufDuration_isInvalidArgument() {
    Duration mixedSigns = Duration.newBuilder().setSeconds(5).setNanos(-1).build();
    invalid("invalid duration for ttl", "INVALID_DURATION",
        () -> createAsRoot(req().setTtl(mixedSigns)));
    Duration tooLong = Duration.newBuilder().setSeconds(315_576_000_001L).build();
    invalid("invalid duration for period", "INVALID_DURATION",
        () -> createAsRoot(req().setPeriod(tooLong)));
    Duration badNanos = Duration.newBuilder().setNanos(1_000_000_000).build();
    invalid("invalid duration for token_period", "INVALID_DURATION",
        () -> root().writeRole(WriteRoleRequest.newBuilder().setRoleName("r")
            .setTokenPeriod(badNanos).build()));
  }

  @Test
  void subSecondPartsAreDropped() {
    TokenAuth t = createAsRoot(req().addPolicies("default")
        .setTtl(Duration.newBuilder().setSeconds(90).setNanos(999_999_999))).getAuth();
    assertThat(t.getLeaseDuration()).isEqualTo(seconds(90));
  }

  // ---- warnings and shapes ----

  @Test
  void unknownPolicyWarning_travelsInTheResponse() {
    CreateTokenResponse r = createAsRoot(req().addPolicies("foo"));
    assertThat(r.getWarningsList()).containsExactly("Policy \"foo\" does not exist");
    assertThat(r.getAuth().getPoliciesList()).containsExactly("default", "foo");
    assertThat(r.getAuth().getTokenPoliciesList()).containsExactly("default", "foo");
    assertThat(r.getAuth().getIdentityPoliciesList()).isEmpty();
    assertThat(r.getAuth().getLeaseDuration()).isEqualTo(seconds(DEFAULT_TTL));
    assertThat(r.getAuth().getRenewable()).isTrue();
    assertThat(r.getAuth().getTokenType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);
    assertThat(r.getAuth().getOrphan()).isFalse();
    assertThat(r.getAuth().getEntityId()).isEmpty();
    assertThat(r.getAuth().getClientToken()).matches("s\\.[0-9A-Za-z]{24}");
    assertThat(r.getAuth().getAccessor()).matches("[0-9A-Za-z]{24}");
  }

  @Test
  void ttlAboveTheMountMax_isCappedWithVaultsWarning() {
    CreateTokenResponse r = createAsRoot(req().addPolicies("default").setTtl(seconds(800 * 3600)));
    assertThat(r.getWarningsList()).containsExactly(
        "TTL of \"800h\" exceeded the effective max_ttl of \"768h\"; TTL value is capped accordingly");
    assertThat(r.getAuth().getLeaseDuration()).isEqualTo(seconds(DEFAULT_TTL));
  }

  @Test
  void lookupSelf_carriesDurationsAndTimestamps() {
    CreateTokenResponse created = createAsRoot(req().addPolicies("default").setTtl(seconds(3600))
        .putMeta("app", "web").setDisplayName("my app!"));
    String t = created.getAuth().getClientToken();

    TokenInfo info = leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData();
    assertThat(info.getId()).isEqualTo(t);
    assertThat(info.getAccessor()).isEqualTo(created.getAuth().getAccessor());
    assertThat(info.getPoliciesList()).containsExactly("default");
    assertThat(info.getPath()).isEqualTo("auth/token/create");
    assertThat(info.getMetaMap()).containsExactly(Map.entry("app", "web"));
    assertThat(info.getDisplayName()).isEqualTo("token-my-app");
    assertThat(info.getNumUses()).isZero();
    assertThat(info.getOrphan()).isFalse();
    assertThat(info.getCreationTime()).isEqualTo(millis(START));
    assertThat(info.getCreationTtl()).isEqualTo(seconds(3600));
    assertThat(info.getTtl()).isEqualTo(seconds(3600));
    assertThat(info.getExpireTime()).isEqualTo(millis(START + 3_600_000));
    assertThat(info.getIssueTime()).isEqualTo(millis(START));
    assertThat(info.hasRenewable()).isTrue();
    assertThat(info.getRenewable()).isTrue();
    assertThat(info.getExplicitMaxTtl()).isEqualTo(seconds(0));
    assertThat(info.getType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);
    assertThat(info.getEntityId()).isEmpty();
    assertThat(info.getRole()).isEmpty();
    assertThat(info.hasPeriod()).isFalse();
    assertThat(info.hasLastRenewalTime()).isFalse();

    leasehold.clock().advanceSeconds(600);
    TokenInfo later = leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData();
    assertThat(later.getTtl()).isEqualTo(seconds(3000));
    assertThat(later.getCreationTtl()).isEqualTo(seconds(3600));

    root().renewToken(RenewTokenRequest.newBuilder().setToken(t).build());
    TokenInfo renewed = lookupAsRoot(t);
    assertThat(renewed.getLastRenewalTime()).isEqualTo(millis(START + 600_000));
    assertThat(renewed.getExpireTime()).isEqualTo(millis(START + 600_000 + 3_600_000));
    assertThat(renewed.getIssueTime()).isEqualTo(millis(START));
    assertThat(renewed.getCreationTtl()).isEqualTo(seconds(3600));
  }

  @Test
  void lookupSelf_ofTheDevRootToken_hasNoLease() {
    TokenInfo info = root().lookupSelf(LookupSelfRequest.getDefaultInstance()).getData();
    assertThat(info.getId()).isEqualTo(ROOT);
    assertThat(info.getPoliciesList()).containsExactly("root");
    assertThat(info.getPath()).isEqualTo("auth/token/root");
    assertThat(info.getDisplayName()).isEqualTo("root");
    assertThat(info.getOrphan()).isTrue();
    assertThat(info.getMetaMap()).isEmpty();
    assertThat(info.hasRenewable()).isFalse();
    assertThat(info.hasIssueTime()).isFalse();
    assertThat(info.hasExpireTime()).isFalse();
    assertThat(info.getTtl()).isEqualTo(seconds(0));
    assertThat(info.getCreationTtl()).isEqualTo(seconds(0));
    assertThat(info.getNumUses()).isZero();
    assertThat(info.getType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);
  }

  // ---- roles ----

  @Test
  void createAgainstRoleZabbix_asInTheSeed() {
    writeZabbix();
    CreateTokenResponse r = root().createTokenAgainstRole(req().setRoleName("zabbix").build());
    assertThat(r.getWarningsList()).containsExactly("Policy \"policy1\" does not exist",
        "Policy \"policy2\" does not exist", "Policy \"policy3\" does not exist");
    TokenAuth auth = r.getAuth();
    assertThat(auth.getPoliciesList()).containsExactly("default", "policy1", "policy2", "policy3");
    assertThat(auth.getTokenPoliciesList())
        .containsExactly("default", "policy1", "policy2", "policy3");
    assertThat(auth.getLeaseDuration()).isEqualTo(seconds(8 * 3600));
    assertThat(auth.getRenewable()).isTrue();
    assertThat(auth.getOrphan()).isTrue();

    TokenInfo info = lookupAsRoot(auth.getClientToken());
    assertThat(info.getPath()).isEqualTo("auth/token/create/zabbix");
    assertThat(info.getRole()).isEqualTo("zabbix");
    assertThat(info.getOrphan()).isTrue();
    assertThat(info.getTtl()).isEqualTo(seconds(8 * 3600));
    assertThat(info.getCreationTtl()).isEqualTo(seconds(8 * 3600));
    assertThat(info.getRenewable()).isTrue();
  }

  @Test
  void readRole_showsEveryField() {
    writeZabbix();
    TokenRole role = root().readRole(ReadRoleRequest.newBuilder().setRoleName("zabbix").build())
        .getData();
    assertThat(role.getName()).isEqualTo("zabbix");
    assertThat(role.getAllowedPoliciesList()).containsExactly("policy1", "policy2", "policy3");
    assertThat(role.getDisallowedPoliciesList()).isEmpty();
    assertThat(role.getAllowedPoliciesGlobList()).isEmpty();
    assertThat(role.getDisallowedPoliciesGlobList()).isEmpty();
    assertThat(role.getOrphan()).isTrue();
    assertThat(role.getPathSuffix()).isEmpty();
    assertThat(role.getRenewable()).isTrue();
    // The deprecated `period` sets both fields.
    assertThat(role.getPeriod()).isEqualTo(seconds(8 * 3600));
    assertThat(role.getTokenPeriod()).isEqualTo(seconds(8 * 3600));
    assertThat(role.getExplicitMaxTtl()).isEqualTo(seconds(0));
    assertThat(role.getTokenExplicitMaxTtl()).isEqualTo(seconds(0));
    assertThat(role.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_SERVICE);
    assertThat(role.getAllowedEntityAliasesList()).isEmpty();
    assertThat(role.getTokenNoDefaultPolicy()).isFalse();
    assertThat(role.getTokenBoundCidrsList()).isEmpty();
    assertThat(role.getBoundCidrsList()).isEmpty();
    assertThat(role.getTokenNumUses()).isZero();
  }

  @Test
  void listAndDeleteRoles() {
    assertThat(root().listRoles(ListRolesRequest.getDefaultInstance()).getKeysList()).isEmpty();
    writeZabbix();
    root().writeRole(WriteRoleRequest.newBuilder().setRoleName("Nomad").build());
    assertThat(root().listRoles(ListRolesRequest.getDefaultInstance()).getKeysList())
        .containsExactly("nomad", "zabbix");

    root().deleteRole(DeleteRoleRequest.newBuilder().setRoleName("zabbix").build());
    assertThat(root().listRoles(ListRolesRequest.getDefaultInstance()).getKeysList())
        .containsExactly("nomad");
    refused(Status.Code.NOT_FOUND, "role \"zabbix\" not found", "ROLE_NOT_FOUND",
        () -> root().readRole(ReadRoleRequest.newBuilder().setRoleName("zabbix").build()));
    invalid("unknown role zabbix", "UNKNOWN_ROLE",
        () -> root().createTokenAgainstRole(req().setRoleName("zabbix").build()));
    // Deleting a missing role succeeds.
    root().deleteRole(DeleteRoleRequest.newBuilder().setRoleName("zabbix").build());
  }

  @Test
  void roleTokenRenewal_failsOnceTheRoleIsDeleted() {
    writeZabbix();
    String t = root().createTokenAgainstRole(req().setRoleName("zabbix").build()).getAuth()
        .getClientToken();
    root().deleteRole(DeleteRoleRequest.newBuilder().setRoleName("zabbix").build());
    precondition("failed to renew entry: original token role \"zabbix\" could not be found,"
        + " not renewing", "ROLE_NOT_FOUND",
        () -> root().renewToken(RenewTokenRequest.newBuilder().setToken(t).build()));
  }

  // ---- revocation, tidy ----

  @Test
  void revokeAccessorOfUnknownAccessor_warns() {
    assertThat(root().revokeAccessor(RevokeAccessorRequest.newBuilder()
        .setAccessor("NoSuchAccessor0000000000").build()).getWarningsList())
        .containsExactly("No token found with this accessor");
  }

  @Test
  void tidy_answersAtOnceWithAWarning() {
    List<String> warnings = root().tidy(TidyRequest.getDefaultInstance()).getWarningsList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).startsWith("Tidy operation successfully started.");
  }

  // ---- time ----

  @Test
  void expiry_followsTheFakeClock() {
    String t = createAsRoot(req().addPolicies("default").setTtl(seconds(60))).getAuth()
        .getClientToken();
    leasehold.clock().advanceSeconds(59);
    TokenInfo info = leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData();
    assertThat(info.getTtl()).isEqualTo(seconds(1));

    leasehold.clock().advanceSeconds(1);
    unauthenticated(() -> leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance()));
    badToken(() -> lookupAsRoot(t));
    precondition("token not found", "TOKEN_NOT_FOUND",
        () -> root().renewToken(RenewTokenRequest.newBuilder().setToken(t).build()));
    assertThat(leasehold.sys(ROOT).readTokenCounters(ReadTokenCountersRequest.getDefaultInstance())
        .getServiceTokensTotal()).isEqualTo(1);
  }

  @Test
  void useLimitedToken_overGrpc() {
    String t = createAsRoot(req().addPolicies("default").setNumUses(2)).getAuth()
        .getClientToken();
    assertThat(leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData()
        .getNumUses()).isEqualTo(1);
    assertThat(leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData()
        .getNumUses()).isEqualTo(-1);
    unauthenticated(() -> leasehold.tokens(t).lookupSelf(LookupSelfRequest.getDefaultInstance()));
    badToken(() -> lookupAsRoot(t));
  }

  @Test
  void useLimitedToken_cannotCreateChildren() {
    String t = createAsRoot(req().addPolicies(InProcessLeasehold.CREATOR).setNumUses(5)).getAuth()
        .getClientToken();
    invalid("restricted use token cannot generate child tokens", "USE_LIMITED_PARENT",
        () -> leasehold.tokens(t).createToken(req().build()));
  }
}
