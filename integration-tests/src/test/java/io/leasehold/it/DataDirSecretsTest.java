package io.leasehold.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.leasehold.it.SecretScan.Needle;
import io.leasehold.proto.v1.AppRoleLoginRequest;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.CubbyholeServiceGrpc;
import io.leasehold.proto.v1.CubbyholeWriteRequest;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.GenerateSecretIdResponse;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.ReadRoleIdRequest;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import io.leasehold.proto.v1.WritePolicyRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing secret lies in the clear under a durable server's data directory (issue 7): after a
 * populated server has run, every file (write-ahead log, tables, MANIFEST, OPTIONS, LOG, ...) is
 * searched, while it runs and after it stopped (when the log has become tables, whose decoded
 * contents are searched too), for the unseal keys, the root token, tokens with chosen and with
 * server-made IDs and their accessors, an AppRole role ID, secret ID and its accessor, the token
 * an AppRole login issued, a cubbyhole value and a policy's text, in every form they were handed
 * out in or could be encoded in. The search itself is shown to work on a planted control file and
 * by finding the store's plain key layout.
 */
class DataDirSecretsTest {
  @TempDir
  Path tmp;

  private DurableServer server;
  private final List<Needle> secrets = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private void secret(String label, String value) {
    secrets.addAll(SecretScan.forms(label, value));
  }

  @Test
  void noSecretInTheClearUnderTheDataDirectory() throws Exception {
    Path data = tmp.resolve("data");
    server = DurableServer.start(data, tmp.resolve("run"));
    InitResponse init = server.sys(null).init(InitRequest.newBuilder().setSecretShares(3)
        .setSecretThreshold(2).build());
    for (int i = 0; i < init.getKeysBase64Count(); i++) {
      secret("unseal key " + i + " as handed out in base64", init.getKeysBase64(i));
      secret("unseal key " + i + " as handed out in hex", init.getKeys(i));
      secrets.addAll(SecretScan.forms("unseal key " + i,
          Base64.getDecoder().decode(init.getKeysBase64(i))));
    }
    String root = init.getRootToken();
    secret("root token", root);
    assertThat(server.unseal(init.getKeysBase64List().subList(0, 2)).getSealed()).isFalse();
    secret("root accessor", server.tokens(root).lookupSelf(LookupSelfRequest.getDefaultInstance())
        .getData().getAccessor());

    String policyMarker = "quokka-" + randomHex(8);
    secret("policy text", policyMarker);
    server.sys(root).writePolicy(WritePolicyRequest.newBuilder().setName("scan")
        .setPolicy("path \"secret/" + policyMarker + "/*\" {\n  capabilities = [\"read\"]\n}\n")
        .build());

    String customId = "custom-" + randomHex(16);
    secret("chosen token ID", customId);
    track("token with a chosen ID", server.tokens(root).createToken(CreateTokenRequest.newBuilder()
        .setId(customId).addPolicies("scan").build()));
    for (int i = 0; i < 3; i++) {
      track("token " + i, server.tokens(root).createToken(CreateTokenRequest.newBuilder()
          .addPolicies("scan").build()));
    }

    server.sys(root).enableAuth(EnableAuthRequest.newBuilder().setType("approle").build());
    server.appRole(root).writeRole(WriteAppRoleRequest.newBuilder().setRoleName("scanner")
        .setTokenPolicies(StringList.newBuilder().addValues("scan")).build());
    String roleId = server.appRole(root).readRoleId(ReadRoleIdRequest.newBuilder()
        .setRoleName("scanner").build()).getRoleId();
    secret("role ID", roleId);
    GenerateSecretIdResponse sid = server.appRole(root).generateSecretId(
        GenerateSecretIdRequest.newBuilder().setRoleName("scanner").build());
    secret("secret ID", sid.getSecretId());
    secret("secret ID accessor", sid.getSecretIdAccessor());
    TokenAuth login = server.appRole(null).login(AppRoleLoginRequest.newBuilder()
        .setRoleId(roleId).setSecretId(sid.getSecretId()).build()).getAuth();
    track("AppRole login", login);

    String cubbyValue = "cubby-" + randomHex(16);
    secret("cubbyhole value", cubbyValue);
    Metadata md = new Metadata();
    md.put(LiveServer.TOKEN_HEADER, login.getClientToken());
    CubbyholeServiceGrpc.newBlockingStub(server.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .write(CubbyholeWriteRequest.newBuilder().setPath("db").setData(Struct.newBuilder()
            .putFields("password", Value.newBuilder().setStringValue(cubbyValue).build())).build());

    // While it runs: everything is in the write-ahead log.
    List<Path> running = SecretScan.files(data);
    assertThat(running).extracting(p -> p.getFileName().toString())
        .anyMatch(n -> n.endsWith(".log")).anyMatch(n -> n.startsWith("MANIFEST-"))
        .anyMatch(n -> n.startsWith("OPTIONS-"));
    assertThat(SecretScan.hits(data, secrets)).as("secrets in the clear while running").isEmpty();
    assertThat(SecretScan.hits(data, layout())).as("the search sees the stored keys").isNotEmpty();

    // Stopped: the memtables were flushed into table files.
    server.stop();
    server = null;
    assertThat(SecretScan.files(data)).extracting(p -> p.getFileName().toString())
        .anyMatch(n -> n.endsWith(".sst"));
    assertThat(SecretScan.hits(data, secrets)).as("secrets in the clear after a stop").isEmpty();
    assertThat(SecretScan.hits(data, layout())).as("the search sees the stored keys")
        .anyMatch(hit -> hit.contains(".sst (decoded)"));
  }

  /** The search finds each form of a planted secret in a control file (so it can fail). */
  @Test
  void theSearchFindsAPlantedSecret() throws Exception {
    Path control = Files.createDirectories(tmp.resolve("control"));
    byte[] secret = ("planted-" + randomHex(12)).getBytes(StandardCharsets.UTF_8);
    List<Needle> forms = SecretScan.forms("planted", secret);
    byte[] noise = new byte[1000];
    new SecureRandom().nextBytes(noise);
    // One file per form the secret could be written in, each inside random bytes.
    List<byte[]> encodings = List.of(secret,
        HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII),
        HexFormat.of().withUpperCase().formatHex(secret).getBytes(StandardCharsets.US_ASCII),
        Base64.getEncoder().encode(SecretScan.concat(new byte[1], secret, new byte[2])),
        Base64.getUrlEncoder().encode(SecretScan.concat(new byte[2], secret)));
    for (int i = 0; i < encodings.size(); i++) {
      Files.write(control.resolve("file-" + i), SecretScan.concat(noise, encodings.get(i), noise));
    }
    Files.write(control.resolve("clean"), noise);

    List<String> hits = SecretScan.hits(control, forms);
    for (int i = 0; i < encodings.size(); i++) {
      String file = "file-" + i;
      assertThat(hits).as("planted in %s", file).anyMatch(h -> h.startsWith(file + ":"));
    }
    assertThat(hits).noneMatch(h -> h.startsWith("clean:"));
    assertThat(hits).contains("file-3: planted (base64+1)", "file-4: planted (base64url+2)");
  }

  private void track(String label, CreateTokenResponse created) {
    track(label, created.getAuth());
  }

  private void track(String label, TokenAuth auth) {
    secret(label, auth.getClientToken());
    secret(label + " accessor", auth.getAccessor());
  }

  /** Parts of the store's readable key layout: not secret, and bound to be on disk. */
  private static List<Needle> layout() {
    return List.of(new Needle("key layout token/accessor/",
        "token/accessor/".getBytes(StandardCharsets.US_ASCII)));
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
