package io.leasehold.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.Code;
import io.grpc.stub.StreamObserver;
import io.leasehold.client.FakeLeasehold;
import io.leasehold.client.cli.CliRunner.Result;
import io.leasehold.proto.v1.AppRole;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.AppRoleLoginResponse;
import io.leasehold.proto.v1.AppRoleServiceGrpc;
import io.leasehold.proto.v1.AuthMount;
import io.leasehold.proto.v1.DisableAuthRequest;
import io.leasehold.proto.v1.DisableAuthResponse;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.EnableAuthResponse;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.GenerateSecretIdResponse;
import io.leasehold.proto.v1.ListAuthMountsRequest;
import io.leasehold.proto.v1.ListAuthMountsResponse;
import io.leasehold.proto.v1.ListSecretIdAccessorsRequest;
import io.leasehold.proto.v1.ListSecretIdAccessorsResponse;
import io.leasehold.proto.v1.LookupSecretIdRequest;
import io.leasehold.proto.v1.ReadAppRoleRequest;
import io.leasehold.proto.v1.ReadAppRoleResponse;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.ReadRoleIdResponse;
import io.leasehold.proto.v1.SecretIdInfo;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.proto.v1.TuneAuthRequest;
import io.leasehold.proto.v1.TuneAuthResponse;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.WriteAppRoleResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AppRole paths and the auth commands against fake in-process services: requests and shapes. */
class AppRoleCliTest {
  @TempDir
  Path home;

  private final List<Message> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private FakeLeasehold fake;

  private <T> void answer(Message req, StreamObserver<T> out, T response) {
    requests.add(req);
    out.onNext(response);
    out.onCompleted();
  }

  private final class AppRoles extends AppRoleServiceGrpc.AppRoleServiceImplBase {
    @Override
    public void writeRole(WriteAppRoleRequest req, StreamObserver<WriteAppRoleResponse> out) {
      answer(req, out, WriteAppRoleResponse.getDefaultInstance());
    }

    @Override
    public void readRole(ReadAppRoleRequest req, StreamObserver<ReadAppRoleResponse> out) {
      if (!req.getRoleName().equals("jenkins")) {
        out.onError(FakeLeasehold.refusal(Code.NOT_FOUND, "ROLE_NOT_FOUND", "role does not"
            + " exist"));
        return;
      }
      answer(req, out, ReadAppRoleResponse.newBuilder().setData(AppRole.newBuilder()
          .setBindSecretId(true).addTokenPolicies("jenkins").addPolicies("jenkins")
          .setTokenPeriod(seconds(86400)).setPeriod(seconds(86400))).build());
    }

    @Override
    public void readRoleId(ReadRoleIdRequest req, StreamObserver<ReadRoleIdResponse> out) {
      answer(req, out, ReadRoleIdResponse.newBuilder().setRoleId("role-uuid").build());
    }

    @Override
    public void generateSecretId(GenerateSecretIdRequest req,
        StreamObserver<GenerateSecretIdResponse> out) {
      answer(req, out, GenerateSecretIdResponse.newBuilder().setSecretId("secret-uuid")
          .setSecretIdAccessor("acc-uuid").setSecretIdTtl(seconds(600)).setSecretIdNumUses(2)
          .build());
    }

    @Override
    public void listSecretIdAccessors(ListSecretIdAccessorsRequest req,
        StreamObserver<ListSecretIdAccessorsResponse> out) {
      answer(req, out, ListSecretIdAccessorsResponse.newBuilder().addKeys("acc-uuid").build());
    }

    @Override
    public void lookupSecretId(LookupSecretIdRequest req, StreamObserver<SecretIdInfo> out) {
      answer(req, out, SecretIdInfo.newBuilder().setSecretIdAccessor("acc-uuid")
          .setSecretIdNumUses(1).setCreationTime(Timestamp.newBuilder().setSeconds(1700000000))
          .setLastUpdatedTime(Timestamp.newBuilder().setSeconds(1700000000))
          .putMetadata("tag", "ci").build());
    }

    @Override
    public void login(AppRoleLoginRequest req, StreamObserver<AppRoleLoginResponse> out) {
      answer(req, out, AppRoleLoginResponse.newBuilder().setAuth(TokenAuth.newBuilder()
          .setClientToken("b.blob").addPolicies("default").addPolicies("shipping")
          .addTokenPolicies("default").addTokenPolicies("shipping")
          .putMetadata("role_name", "shipping").setOrphan(true)
          .setLeaseDuration(seconds(1200)).setTokenType(TokenType.TOKEN_TYPE_BATCH)).build());
    }
  }

  private final class Sys extends SysServiceGrpc.SysServiceImplBase {
    @Override
    public void enableAuth(EnableAuthRequest req, StreamObserver<EnableAuthResponse> out) {
      answer(req, out, EnableAuthResponse.newBuilder().setAccessor("auth_approle_1").build());
    }

    @Override
    public void disableAuth(DisableAuthRequest req, StreamObserver<DisableAuthResponse> out) {
      answer(req, out, DisableAuthResponse.getDefaultInstance());
    }

    @Override
    public void tuneAuth(TuneAuthRequest req, StreamObserver<TuneAuthResponse> out) {
      answer(req, out, TuneAuthResponse.getDefaultInstance());
    }

    @Override
    public void listAuthMounts(ListAuthMountsRequest req,
        StreamObserver<ListAuthMountsResponse> out) {
      answer(req, out, ListAuthMountsResponse.newBuilder()
          .addMounts(AuthMount.newBuilder().setPath("approle/").setType("approle")
              .setAccessor("auth_approle_1").setDefaultLeaseTtl(seconds(2764800))
              .setMaxLeaseTtl(seconds(2764800)).setTunedDefaultLeaseTtl(seconds(3600))
              .setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_SERVICE))
          .addMounts(AuthMount.newBuilder().setPath("token/").setType("token")
              .setAccessor("auth_token_1").setDescription("token based credentials")
              .setDefaultLeaseTtl(seconds(2764800)).setMaxLeaseTtl(seconds(2764800))
              .setTokenType(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_SERVICE))
          .build());
    }
  }

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  @BeforeEach
  void start() throws Exception {
    fake = new FakeLeasehold(new AppRoles(), new Sys());
    env.put("LEASEHOLD_TOKEN", "s.root");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Result run(String... args) {
    return CliRunner.run(env, home, "", fake.channel(), args);
  }

  private Result ok(String... args) {
    Result r = run(args);
    assertThat(r.exitCode()).as("%s: %s", List.of(args), r.err()).isZero();
    return r;
  }

  @Test
  void roleWrite_vaultSpellings() {
    assertThat(ok("write", "auth/approle/role/jenkins", "policies=jenkins, ops", "period=24h",
        "secret_id_num_uses=2", "secret_id_ttl=600", "bind_secret_id=t", "token_type=batch",
        "token_ttl=20m", "token_bound_cidrs=10.0.0.0/8,127.0.0.1/32").out())
        .isEqualTo("Success! Data written to: auth/approle/role/jenkins\n");
    WriteAppRoleRequest req = (WriteAppRoleRequest) requests.get(0);
    assertThat(req.getMount()).isEqualTo("approle");
    assertThat(req.getRoleName()).isEqualTo("jenkins");
    assertThat(req.getPolicies().getValuesList()).containsExactly("jenkins", "ops");
    assertThat(req.hasTokenPolicies()).isFalse();
    assertThat(req.getPeriod().getSeconds()).isEqualTo(86400);
    assertThat(req.hasTokenPeriod()).isFalse();
    assertThat(req.getSecretIdNumUses()).isEqualTo(2);
    assertThat(req.getSecretIdTtl().getSeconds()).isEqualTo(600);
    assertThat(req.getBindSecretId()).isTrue();
    assertThat(req.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH);
    assertThat(req.getTokenTtl().getSeconds()).isEqualTo(1200);
    assertThat(req.getTokenBoundCidrs().getValuesList())
        .containsExactly("10.0.0.0/8", "127.0.0.1/32");
    assertThat(req.hasTokenNumUses()).isFalse();
    assertThat(fake.calls()).extracting(FakeLeasehold.Call::method).containsExactly("WriteRole");
  }

  @Test
  void roleRead_vaultFieldNames_legacyOnesWhenSet() {
    Result r = ok("read", "auth/approle/role/jenkins");
    assertThat(r.out()).contains("bind_secret_id             true\n")
        .contains("period                     24h\n")
        .contains("policies                   [jenkins]\n")
        .contains("secret_id_bound_cidrs      []\n")
        .contains("secret_id_ttl              0s\n")
        .contains("token_period               24h\n")
        .contains("token_policies             [jenkins]\n")
        .contains("token_type                 default\n");
    Result missing = run("read", "auth/approle/role/nobody");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("No value found at auth/approle/role/nobody\n");
  }

  @Test
  void roleIdAndSecretId_jsonPathsScriptsUse() {
    assertThat(ok("read", "-format=json", "auth/approle/role/jenkins/role-id").out())
        .contains("\"data\": {\n    \"role_id\": \"role-uuid\"\n  },");
    Result secret = ok("write", "-f", "-format=json", "auth/approle/role/jenkins/secret-id");
    assertThat(secret.out()).contains("\"secret_id\": \"secret-uuid\"")
        .contains("\"secret_id_accessor\": \"acc-uuid\"").contains("\"secret_id_num_uses\": 2")
        .contains("\"secret_id_ttl\": 600");
    assertThat(ok("write", "-f", "-field=secret_id", "auth/approle/role/jenkins/secret-id").out())
        .isEqualTo("secret-uuid");

    ok("write", "auth/ci/approle/role/jenkins/secret-id", "metadata={\"tag\": \"ci\"}",
        "ttl=10m", "num_uses=1", "cidr_list=10.0.0.0/8");
    GenerateSecretIdRequest req = (GenerateSecretIdRequest) requests.get(requests.size() - 1);
    assertThat(req.getMount()).isEqualTo("ci/approle");
    assertThat(req.getMetadataMap()).containsExactly(Map.entry("tag", "ci"));
    assertThat(req.getTtl().getSeconds()).isEqualTo(600);
    assertThat(req.getNumUses()).isEqualTo(1);
    assertThat(req.getCidrList().getValuesList()).containsExactly("10.0.0.0/8");

    assertThat(ok("list", "auth/approle/role/jenkins/secret-id").out())
        .isEqualTo("Keys\n----\nacc-uuid\n");
    Result lookup = ok("write", "auth/approle/role/jenkins/secret-id/lookup", "secret_id=x");
    assertThat(lookup.out()).contains("expiration_time       0001-01-01T00:00:00Z\n")
        .contains("creation_time         2023-11-14T22:13:20Z\n")
        .contains("metadata              map[tag:ci]\n")
        .contains("secret_id_num_uses    1\n");
    assertThat(((LookupSecretIdRequest) requests.get(requests.size() - 1)).getSecretId())
        .isEqualTo("x");
  }

  @Test
  void login_printsTheTokenTable_andTheAuthEnvelope() {
    Result table = ok("write", "auth/approle/login", "role_id=r", "secret_id=s");
    assertThat(table.out()).isEqualTo("""
        Key                     Value
        ---                     -----
        token                   b.blob
        token_accessor          n/a
        token_duration          20m
        token_renewable         false
        token_policies          ["default" "shipping"]
        identity_policies       []
        policies                ["default" "shipping"]
        token_meta_role_name    shipping
        """);
    AppRoleLoginRequest req = (AppRoleLoginRequest) requests.get(0);
    assertThat(req.getMount()).isEqualTo("approle");
    assertThat(req.getRoleId()).isEqualTo("r");
    assertThat(req.getSecretId()).isEqualTo("s");

    Result json = ok("write", "-format=json", "auth/approle/login", "role_id=r", "secret_id=s");
    assertThat(json.out()).contains("\"client_token\": \"b.blob\"")
        .contains("\"metadata\": {\n      \"role_name\": \"shipping\"\n    },")
        .contains("\"lease_duration\": 1200").contains("\"renewable\": false")
        .contains("\"orphan\": true");
  }

  @Test
  void authEnableDisableTune_requestsAndMessages() {
    assertThat(ok("auth", "enable", "approle").out())
        .isEqualTo("Success! Enabled approle auth method at: approle/\n");
    EnableAuthRequest plain = (EnableAuthRequest) requests.get(0);
    assertThat(plain.getPath()).isEqualTo("approle/");
    assertThat(plain.getType()).isEqualTo("approle");
    assertThat(plain.hasDefaultLeaseTtl()).isFalse();

    assertThat(ok("auth", "enable", "-path=ci/approle", "-description=CI",
        "-default-lease-ttl=1h", "-max-lease-ttl=2h", "-token-type=default-batch", "approle")
        .out()).isEqualTo("Success! Enabled approle auth method at: ci/approle/\n");
    EnableAuthRequest full = (EnableAuthRequest) requests.get(1);
    assertThat(full.getPath()).isEqualTo("ci/approle/");
    assertThat(full.getDescription()).isEqualTo("CI");
    assertThat(full.getDefaultLeaseTtl().getSeconds()).isEqualTo(3600);
    assertThat(full.getMaxLeaseTtl().getSeconds()).isEqualTo(7200);
    assertThat(full.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_BATCH);

    assertThat(ok("auth", "tune", "-token-type=batch", "approle").out())
        .isEqualTo("Success! Tuned the auth method at: approle/\n");
    TuneAuthRequest tune = (TuneAuthRequest) requests.get(2);
    assertThat(tune.getTokenType()).isEqualTo(TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH);
    assertThat(tune.hasDefaultLeaseTtl()).isFalse();

    assertThat(ok("auth", "disable", "approle").out())
        .isEqualTo("Success! Disabled the auth method (if it existed) at: approle/\n");
    assertThat(((DisableAuthRequest) requests.get(3)).getPath()).isEqualTo("approle/");
  }

  @Test
  void authListDetailed_systemWhereNotTuned() {
    String[] lines = ok("auth", "list", "-detailed").out().split("\n");
    assertThat(lines[0]).startsWith("Path        Plugin     Accessor          Default TTL    Max TTL");
    assertThat(lines[2]).startsWith("approle/    approle    auth_approle_1    1h             system");
    assertThat(lines[3]).startsWith("token/      token      auth_token_1      system         system")
        .contains("default-service").endsWith("token based credentials");
    assertThat(ok("auth", "list", "-format=json").out())
        .contains("\"default_lease_ttl\": 3600").contains("\"max_lease_ttl\": 0");
  }
}
