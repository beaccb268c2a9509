package io.leasehold.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.rpc.Code;
import io.grpc.stub.StreamObserver;
import io.leasehold.client.FakeLeasehold;
import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.cli.CliRunner.Result;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.CubbyholeReadRequest;
import io.leasehold.proto.v1.CubbyholeReadResponse;
import io.leasehold.proto.v1.CubbyholeServiceGrpc;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.ReadPolicyRequest;
import io.leasehold.proto.v1.ReadPolicyResponse;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenServiceGrpc;
import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.WritePolicyRequest;
import io.leasehold.proto.v1.WritePolicyResponse;
import io.leasehold.proto.v1.WriteRoleRequest;
import io.leasehold.proto.v1.WriteRoleResponse;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client commands end to end against fake in-process services. */
class ClientCliTest {
  @TempDir
  Path home;

  private final List<Message> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private volatile boolean sealed;
  private FakeLeasehold fake;
  private String stdin = "";

  private final class Tokens extends TokenServiceGrpc.TokenServiceImplBase {
    private void create(CreateTokenRequest req, StreamObserver<CreateTokenResponse> out) {
      requests.add(req);
      out.onNext(CreateTokenResponse.newBuilder().setAuth(TokenAuth.newBuilder()
          .setClientToken("s.new").setAccessor("acc").addAllPolicies(req.getPoliciesList())
          .addAllTokenPolicies(req.getPoliciesList()).setRenewable(true)
          .setLeaseDuration(req.getTtl())).build());
      out.onCompleted();
    }

    @Override
    public void createToken(CreateTokenRequest req, StreamObserver<CreateTokenResponse> out) {
      create(req, out);
    }

    @Override
    public void createTokenAgainstRole(CreateTokenRequest req,
        StreamObserver<CreateTokenResponse> out) {
      create(req, out);
    }

    @Override
    public void lookupToken(LookupTokenRequest req, StreamObserver<LookupTokenResponse> out) {
      out.onError(FakeLeasehold.refusal(Code.PERMISSION_DENIED, "BAD_TOKEN", "bad token"));
    }

    @Override
    public void lookupSelf(LookupSelfRequest req, StreamObserver<LookupTokenResponse> out) {
      out.onNext(LookupTokenResponse.newBuilder().setData(TokenInfo.newBuilder()
          .setAccessor("acc").addPolicies("root").setType(TokenType.TOKEN_TYPE_SERVICE))
          .build());
      out.onCompleted();
    }

    @Override
    public void writeRole(WriteRoleRequest req, StreamObserver<WriteRoleResponse> out) {
      requests.add(req);
      out.onNext(WriteRoleResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  private final class Sys extends SysServiceGrpc.SysServiceImplBase {
    @Override
    public void sealStatus(SealStatusRequest req, StreamObserver<SealStatusResponse> out) {
      out.onNext(SealStatusResponse.newBuilder().setType("shamir").setInitialized(true)
          .setSealed(sealed).setT(1).setN(1).setStorageType("inmem").setVersion("test").build());
      out.onCompleted();
    }

    @Override
    public void writePolicy(WritePolicyRequest req, StreamObserver<WritePolicyResponse> out) {
      requests.add(req);
      out.onNext(WritePolicyResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void readPolicy(ReadPolicyRequest req, StreamObserver<ReadPolicyResponse> out) {
      out.onError(FakeLeasehold.refusal(Code.NOT_FOUND, "POLICY_NOT_FOUND", "no policy"));
    }
  }

  private static final class Cubbyhole extends CubbyholeServiceGrpc.CubbyholeServiceImplBase {
    @Override
    public void read(CubbyholeReadRequest req, StreamObserver<CubbyholeReadResponse> out) {
      out.onError(FakeLeasehold.refusal(Code.NOT_FOUND, "NOT_FOUND", "not found"));
    }
  }

  @BeforeEach
  void start() throws Exception {
    fake = new FakeLeasehold(new Tokens(), new Sys(), new Cubbyhole());
    env.put("LEASEHOLD_TOKEN", "s.root");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Result run(String... args) {
    return CliRunner.run(env, home, stdin, fake.channel(), args);
  }

  @Test
  void badInput_exit1_neverReachesTheServer() {
    String[][] cases = {
      {"token", "create", "-nope"},
      {"token", "create", "-ttl=abc"},
      {"token", "create", "-use-limit=two"},
      {"token", "create", "-format=xml"},
      {"token", "create", "-type=weird"},
      {"token", "lookup", "s.x", "-format=json"},
      {"token", "renew", "s.x", "-increment=60"},
      {"token", "revoke"},
      {"policy", "write"},
      {"policy", "write", "only-a-name"},
      {"write", "cubbyhole/x", "a=b", "-format=json"},
      {"write", "cubbyhole/x"},
      {"write", "cubbyhole/x", "novalue"},
      {"write", "auth/token/roles/r", "period=8x"},
      {"write", "auth/token/roles/r", "orphan=maybe"},
      {"read", "secret/foo"},
      {"read"},
      {"token", "lookup", "-address=ftp://x:1"},
      {"auth", "enable", "-token-type=weird", "approle"},
      {"write", "auth/approle/role/jenkins/secret-id", "metadata={\"a\":1}"},
      {"write", "auth/approle/role/jenkins", "period=24x"},
      {"frobnicate"},
    };
    for (String[] args : cases) {
      Result r = run(args);
      assertThat(r.exitCode()).as("%s: %s", List.of(args), r.err()).isEqualTo(1);
      assertThat(r.out()).as("%s", List.of(args)).isEmpty();
      assertThat(r.err()).as("%s", List.of(args)).isNotBlank();
    }
    assertThat(fake.calls()).isEmpty();
    assertThat(requests).isEmpty();
  }

  @Test
  void badInput_messagesSayWhatIsWrong() {
    assertThat(run("token", "create", "-ttl=abc").err())
        .contains("Invalid value for option '-ttl': time: invalid duration \"abc\"")
        .contains("leasehold token create -h");
    assertThat(run("token", "lookup", "s.x", "-format=json").err())
        .contains("Command flags must be provided before positional arguments. The following"
            + " arguments will not be parsed as flags: [-format=json]");
    assertThat(run("write", "cubbyhole/x", "a=b", "-field=x").err())
        .contains("will not be parsed as flags: [-field=x]");
    assertThat(run("policy", "write").err()).contains("Missing required parameters");
    assertThat(run("write", "cubbyhole/x").err()).isEqualTo("Must supply data or use -force\n");
    assertThat(run("read", "secret/foo").err())
        .startsWith("Error reading secret/foo: Leasehold does not serve the path 'secret/foo'")
        .contains("  cubbyhole/{path*}").contains("  sys/auth/{mount*}/tune");
    assertThat(run("write", "auth/approle/role/jenkins/secret-id", "metadata={\"a\":1}").err())
        .contains("failed to parse metadata: it must be a JSON object of strings");
    assertThat(run("list", "auth/token/create").err())
        .contains("'list' is not supported on auth/token/create; it supports: write.");
  }

  @Test
  void tokenCreate_flagsBecomeTheRequest() {
    Result r = run("token", "create", "-ttl=1h", "-use-limit=2", "-policy=a", "-policy=b,c",
        "-orphan", "-renewable=false", "-explicit-max-ttl=2h", "-period=24h", "-type=batch",
        "-display-name=app", "-metadata", "k=v", "-no-default-policy");
    assertThat(r.exitCode()).as(r.err()).isZero();
    CreateTokenRequest req = (CreateTokenRequest) requests.get(0);
    assertThat(req.getTtl().getSeconds()).isEqualTo(3600);
    assertThat(req.getNumUses()).isEqualTo(2);
    assertThat(req.getPoliciesList()).containsExactly("a", "b", "c");
    assertThat(req.getNoParent()).isTrue();
    assertThat(req.hasRenewable()).isTrue();
    assertThat(req.getRenewable()).isFalse();
    assertThat(req.getExplicitMaxTtl().getSeconds()).isEqualTo(7200);
    assertThat(req.getPeriod().getSeconds()).isEqualTo(86400);
    assertThat(req.getType()).isEqualTo(TokenType.TOKEN_TYPE_BATCH);
    assertThat(req.getDisplayName()).isEqualTo("app");
    assertThat(req.getMetaMap()).containsExactly(Map.entry("k", "v"));
    assertThat(req.getNoDefaultPolicy()).isTrue();
    assertThat(fake.calls()).extracting(FakeLeasehold.Call::method).containsExactly("CreateToken");
    assertThat(fake.calls().get(0).token()).isEqualTo("s.root");

    requests.clear();
    run("token", "create", "-role=zabbix", "--ttl", "30s");
    assertThat(((CreateTokenRequest) requests.get(0)).getRoleName()).isEqualTo("zabbix");
    assertThat(((CreateTokenRequest) requests.get(0)).getTtl().getSeconds()).isEqualTo(30);
    assertThat(fake.calls().get(1).method()).isEqualTo("CreateTokenAgainstRole");
  }

  @Test
  void tokenCreate_printsTheAuthTable() {
    Result r = run("token", "create", "-ttl=20m", "-policy=default");
    assertThat(r.out()).isEqualTo("""
        Key                  Value
        ---                  -----
        token                s.new
        token_accessor       acc
        token_duration       20m
        token_renewable      true
        token_policies       ["default"]
        identity_policies    []
        policies             ["default"]
        """);
  }

  @Test
  void refusal_printedLikeVault_exit2() {
    Result r = run("token", "lookup", "s.gone");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error looking up token: Error making API request.\n\n"
        + "RPC: leasehold.v1.TokenService/LookupToken at 127.0.0.1:8200\n"
        + "Code: 403. Errors:\n\n* bad token\n");
  }

  @Test
  void notFound_readAndPolicy_vaultsWords_exit2() {
    Result read = run("read", "cubbyhole/nothing");
    assertThat(read.exitCode()).isEqualTo(2);
    assertThat(read.err()).isEqualTo("No value found at cubbyhole/nothing\n");
    Result policy = run("policy", "read", "nope");
    assertThat(policy.exitCode()).isEqualTo(2);
    assertThat(policy.err()).isEqualTo("No policy named: nope\n");
  }

  @Test
  void status_unsealed0_sealed2() {
    assertThat(run("status").exitCode()).isZero();
    sealed = true;
    Result r = run("status");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("Sealed             true\n")
        .contains("Unseal Progress    0/1\n");
    assertThat(fake.calls()).allMatch(c -> c.method().equals("SealStatus"));
  }

  @Test
  void status_unreachable_exit1() {
    env.put("LEASEHOLD_ADDR", "127.0.0.1:1");
    CliContext ctx = new CliContext(env, home, new ByteArrayInputStream(new byte[0]),
        LeaseholdClient::connect);
    CommandLine cli = LeaseholdCli.newCommandLine(ClientCommands.plugins(ctx));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(LeaseholdCli.execute(cli, "status")).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach the Leasehold server at 127.0.0.1:1");
  }

  @Test
  void login_storesTheToken0600_laterCommandsUseIt() throws Exception {
    env.remove("LEASEHOLD_TOKEN");
    Result r = run("login", "s.mine");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Success! You are now authenticated.")
        .contains("token                s.mine\n");
    Path stored = home.resolve(".leasehold-token");
    assertThat(Files.readString(stored)).isEqualTo("s.mine\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
        .isEqualTo("rw-------");

    run("token", "lookup");
    assertThat(fake.calls()).extracting(FakeLeasehold.Call::token)
        .containsExactly("s.mine", "s.mine");

    env.put("VAULT_TOKEN", "s.env");
    env.put("LEASEHOLD_TOKEN", "s.ours");
    assertThat(run("token", "lookup").err())
        .contains("Both LEASEHOLD_TOKEN and VAULT_TOKEN are set; using LEASEHOLD_TOKEN");
    assertThat(fake.calls().get(fake.calls().size() - 1).token()).isEqualTo("s.ours");
    env.remove("LEASEHOLD_TOKEN");
    Result shadowed = run("login", "s.other");
    assertThat(shadowed.err()).contains("The VAULT_TOKEN environment variable is set");
    run("token", "lookup");
    assertThat(fake.calls().get(fake.calls().size() - 1).token()).isEqualTo("s.env");
  }

  @Test
  void login_fromStdin() throws Exception {
    stdin = "s.piped\n";
    assertThat(run("login", "-").exitCode()).isZero();
    assertThat(Files.readString(home.resolve(".leasehold-token"))).isEqualTo("s.piped\n");
  }

  @Test
  void policyWrite_fromStdinAndFile() throws Exception {
    stdin = "path \"auth/token/create\" {\n  capabilities = [\"update\"]\n}\n";
    Result r = run("policy", "write", "test", "-");
    assertThat(r.out()).isEqualTo("Success! Uploaded policy: test\n");
    assertThat(((WritePolicyRequest) requests.get(0)).getPolicy()).isEqualTo(stdin);

    Path file = home.resolve("p.hcl");
    Files.writeString(file, "path \"x\" { capabilities = [\"read\"] }\n");
    run("policy", "write", "other", file.toString());
    assertThat(((WritePolicyRequest) requests.get(1)).getName()).isEqualTo("other");
    assertThat(((WritePolicyRequest) requests.get(1)).getPolicy()).contains("path \"x\"");
  }

  @Test
  void write_forceFlagNextToFormat_bothParsed() {
    assertThat(run("write", "-f", "-format=json", "auth/token/create").exitCode()).isZero();
    assertThat(run("write", "-force", "-format=yaml", "auth/token/create").out())
        .contains("client_token: s.new");
    assertThat(run("write", "-format=json", "-f", "auth/token/create").out())
        .contains("\"client_token\": \"s.new\"");
  }

  @Test
  void writeRole_vaultFieldSyntax() {
    Result r = run("write", "auth/token/roles/zabbix",
        "allowed_policies=policy1, policy2, policy3", "orphan=true", "period=8h", "bogus=1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Success! Data written to: auth/token/roles/zabbix\n");
    assertThat(r.err()).contains("Endpoint ignored these unrecognized parameters: [bogus]");
    WriteRoleRequest req = (WriteRoleRequest) requests.get(0);
    assertThat(req.getRoleName()).isEqualTo("zabbix");
    assertThat(req.getAllowedPolicies().getValuesList())
        .containsExactly("policy1", "policy2", "policy3");
    assertThat(req.getOrphan()).isTrue();
    assertThat(req.getPeriod().getSeconds()).isEqualTo(8 * 3600);
    assertThat(req.hasRenewable()).isFalse();
  }

  @Test
  void help_rootAndSubcommands() {
    Result root = run("-h");
    assertThat(root.exitCode()).isZero();
    assertThat(root.out()).contains("  token ").contains("  policy ").contains("  read ")
        .contains("  write ").contains("  status ").contains("  login ")
        .doesNotContain("token-create");
    // vault token create -help, as the lab runs it
    assertThat(run("token", "create", "-help").out()).startsWith("Usage: leasehold token create");
    assertThat(run("-help").out()).startsWith("Usage: leasehold");
    Result create = run("token", "create", "-h");
    assertThat(create.out()).contains("-ttl=DURATION").contains("-use-limit=N")
        .contains("leasehold token create -type=batch -policy=test -ttl=20m");
    assertThat(run("write", "-h").out()).contains("Paths served:")
        .contains("  auth/token/roles/{role}").contains("  sys/auth/{mount*}/tune")
        .doesNotContain("  auth/token/lookup-self");
    assertThat(run("token").exitCode()).isEqualTo(1);
    assertThat(run("token").err()).contains("create").contains("lookup").contains("renew");
  }
}
