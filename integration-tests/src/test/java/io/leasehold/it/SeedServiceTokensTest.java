package io.leasehold.it;

import static io.leasehold.it.LiveServer.badToken;
import static io.leasehold.it.LiveServer.refused;
import static io.leasehold.it.LiveServer.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.LookupTokenRequest;
import io.leasehold.proto.v1.RenewTokenRequest;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.RevokeAccessorRequest;
import io.leasehold.proto.v1.RevokeTokenRequest;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.WritePolicyRequest;
import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.WriteRoleRequest;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service-token steps of the "Managing Vault Tokens" lab (seed 000), against a real server on
 * an ephemeral port, through the generated stubs over Netty, with the values the lab shows.
 *
 * <p>Where the lab waits for a token to expire, these tests either skip the wait or use a token of
 * 1-2 s and poll with a deadline; no test sleeps for a whole TTL.
 */
class SeedServiceTokensTest {
  private static final long HOUR = 3600;

  @RegisterExtension
  final LiveServer live = new LiveServer();

  private static Duration seconds(long s) {
    return Duration.newBuilder().setSeconds(s).build();
  }

  /** Milliseconds from one timestamp to another. */
  private static long between(Timestamp from, Timestamp to) {
    return (to.getSeconds() - from.getSeconds()) * 1000
        + (to.getNanos() - from.getNanos()) / 1_000_000;
  }

  private TokenInfo lookup(String token) {
    return live.root().lookupToken(LookupTokenRequest.newBuilder().setToken(token).build())
        .getData();
  }

  private TokenInfo lookupSelf(String token) {
    return live.tokens(token).lookupSelf(LookupSelfRequest.getDefaultInstance()).getData();
  }

  // vault token create -ttl=1h -use-limit=2 -policy=default
  @Test
  void tokenWithUseLimit() {
    CreateTokenResponse created = live.root().createToken(CreateTokenRequest.newBuilder()
        .setTtl(seconds(HOUR)).setNumUses(2).addPolicies("default").build());
    TokenAuth auth = created.getAuth();
    assertThat(created.getWarningsList()).isEmpty();
    assertThat(auth.getClientToken()).matches("s\\.[0-9A-Za-z]{24}");
    assertThat(auth.getAccessor()).matches("[0-9A-Za-z]{24}");
    assertThat(auth.getLeaseDuration()).isEqualTo(seconds(HOUR));      // token_duration 1h
    assertThat(auth.getRenewable()).isTrue();                          // token_renewable true
    assertThat(auth.getTokenPoliciesList()).containsExactly("default"); // token_policies
    assertThat(auth.getIdentityPoliciesList()).isEmpty();              // identity_policies []
    assertThat(auth.getPoliciesList()).containsExactly("default");     // policies
    assertThat(auth.getNumUses()).isEqualTo(2);
    String token = auth.getClientToken();

    // VAULT_TOKEN=$USE_LIMIT_TOKEN vault token lookup
    TokenInfo first = lookupSelf(token);
    assertThat(first.getNumUses()).isEqualTo(1);
    assertThat(first.getId()).isEqualTo(token);
    assertThat(first.getAccessor()).isEqualTo(auth.getAccessor());
    assertThat(first.getCreationTtl()).isEqualTo(seconds(HOUR));
    assertThat(first.getDisplayName()).isEqualTo("token");
    assertThat(first.getEntityId()).isEmpty();
    assertThat(first.getExplicitMaxTtl()).isEqualTo(seconds(0));
    assertThat(first.getMetaMap()).isEmpty();
    assertThat(between(first.getIssueTime(), first.getExpireTime())).isEqualTo(HOUR * 1000);
    assertThat(first.getCreationTime()).isEqualTo(first.getIssueTime());

    // The lab's second use is a cubbyhole write; Leasehold has no cubbyhole, so it is another
    // lookup-self, which shows the last use as -1.
    assertThat(lookupSelf(token).getNumUses()).isEqualTo(-1);

    // The third use: 403 permission denied.
    unauthenticated(() -> lookupSelf(token));
    badToken(() -> lookup(token));
  }

  // vault token create -policy="default" -period=24h
  @Test
  void periodicServiceToken() {
    TokenAuth auth = live.root().createToken(CreateTokenRequest.newBuilder()
        .addPolicies("default").setPeriod(seconds(24 * HOUR)).build()).getAuth();
    assertThat(auth.getLeaseDuration()).isEqualTo(seconds(24 * HOUR)); // token_duration 24h
    assertThat(auth.getRenewable()).isTrue();
    assertThat(auth.getTokenPoliciesList()).containsExactly("default");
    assertThat(auth.getPoliciesList()).containsExactly("default");

    TokenInfo info = lookup(auth.getClientToken());
    assertThat(info.getOrphan()).isFalse();
    assertThat(info.getPath()).isEqualTo("auth/token/create");
    assertThat(info.getPeriod()).isEqualTo(seconds(24 * HOUR));
    assertThat(info.getPoliciesList()).containsExactly("default");
    assertThat(info.getRenewable()).isTrue();
    assertThat(info.getTtl().getSeconds()).isBetween(24 * HOUR - 10, 24 * HOUR);
    assertThat(info.getType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);

    // A periodic token renews to its period, whatever increment is asked for.
    RenewTokenResponse renewed = live.root().renewToken(RenewTokenRequest.newBuilder()
        .setToken(auth.getClientToken()).setIncrement(seconds(60)).build());
    assertThat(renewed.getAuth().getLeaseDuration()).isEqualTo(seconds(24 * HOUR));
  }

  // vault token create -ttl=45 -explicit-max-ttl=120; vault token renew; renew -increment=60
  @Test
  void renewServiceToken() {
    // The lab's output shows policies ["default"], so ask for them (a root parent would otherwise
    // hand down root).
    TokenAuth auth = live.root().createToken(CreateTokenRequest.newBuilder()
        .setTtl(seconds(45)).setExplicitMaxTtl(seconds(120)).addPolicies("default").build())
        .getAuth();
    String token = auth.getClientToken();
    assertThat(auth.getLeaseDuration()).isEqualTo(seconds(45));
    assertThat(lookup(token).getExplicitMaxTtl()).isEqualTo(seconds(120));

    RenewTokenResponse renewed = live.root().renewToken(RenewTokenRequest.newBuilder()
        .setToken(token).build());
    assertThat(renewed.getAuth().getClientToken()).isEqualTo(token);
    assertThat(renewed.getAuth().getAccessor()).isEqualTo(auth.getAccessor());
    assertThat(renewed.getAuth().getLeaseDuration()).isEqualTo(seconds(45)); // token_duration 45s
    assertThat(renewed.getAuth().getRenewable()).isTrue();
    assertThat(renewed.getAuth().getTokenPoliciesList()).containsExactly("default");
    assertThat(renewed.getWarningsList()).isEmpty();

    RenewTokenResponse extended = live.root().renewToken(RenewTokenRequest.newBuilder()
        .setToken(token).setIncrement(seconds(60)).build());
    assertThat(extended.getAuth().getLeaseDuration()).isEqualTo(seconds(60)); // token_duration 1m
    assertThat(extended.getWarningsList()).isEmpty();
    assertThat(lookup(token).hasLastRenewalTime()).isTrue();
  }

  @Test
  void renewServiceToken_cappedByItsExplicitMax_thenTokenNotFound() {
    // The lab waits up to 2 minutes for the explicit max; here the explicit max is 2 s and the
    // test polls for the end with a deadline instead.
    String token = live.root().createToken(CreateTokenRequest.newBuilder()
        .setTtl(seconds(1)).setExplicitMaxTtl(seconds(2)).addPolicies("default").build())
        .getAuth().getClientToken();

    RenewTokenResponse capped = live.root().renewToken(RenewTokenRequest.newBuilder()
        .setToken(token).setIncrement(seconds(60)).build());
    long granted = capped.getAuth().getLeaseDuration().getSeconds();
    assertThat(granted).isBetween(1L, 2L);
    assertThat(capped.getWarningsList()).containsExactly("TTL of \"1m\" exceeded the effective"
        + " max_ttl of \"" + granted + "s\"; TTL value is capped accordingly");

    // Until it is gone, a renewal is capped or refused as past the max TTL; then the token is
    // not found.
    StatusRuntimeException end = pollUntilFails(() -> live.root().renewToken(
            RenewTokenRequest.newBuilder().setToken(token).setIncrement(seconds(60)).build()),
        e -> LiveServer.errorInfo(e).getReason().equals("TOKEN_NOT_FOUND"),
        e -> LiveServer.errorInfo(e).getReason().equals("MAX_TTL_REACHED"));
    assertThat(end.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(end.getStatus().getDescription()).isEqualTo("token not found");
  }

  // vault token create -ttl=60s
  @Test
  void shortLivedToken() {
    TokenAuth auth = live.root().createToken(CreateTokenRequest.newBuilder()
        .setTtl(seconds(60)).build()).getAuth();
    assertThat(auth.getLeaseDuration()).isEqualTo(seconds(60)); // token_duration 1m
    assertThat(auth.getRenewable()).isTrue();
    assertThat(auth.getTokenPoliciesList()).containsExactly("root");
    assertThat(auth.getPoliciesList()).containsExactly("root");

    TokenInfo info = lookup(auth.getClientToken());
    assertThat(info.getAccessor()).isEqualTo(auth.getAccessor());
    assertThat(info.getCreationTtl()).isEqualTo(seconds(60));
    assertThat(info.getDisplayName()).isEqualTo("token");
    assertThat(info.getExplicitMaxTtl()).isEqualTo(seconds(0));
    assertThat(info.getMetaMap()).isEmpty();
    assertThat(info.getNumUses()).isZero();
    assertThat(info.getOrphan()).isFalse();
    assertThat(info.getPath()).isEqualTo("auth/token/create");
    assertThat(info.getPoliciesList()).containsExactly("root");
    assertThat(info.getRenewable()).isTrue();
    assertThat(info.getTtl().getSeconds()).isBetween(50L, 60L);
    assertThat(info.getType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);
    assertThat(between(info.getIssueTime(), info.getExpireTime())).isEqualTo(60_000);
    // It works right after creation.
    assertThat(lookupSelf(auth.getClientToken()).getPoliciesList()).containsExactly("root");
  }

  @Test
  void shortLivedToken_stopsWorkingWhenItsTtlRunsOut() {
    // The lab waits 60 s; a 1 s token and a poll with a deadline show the same thing.
    String token = live.root().createToken(CreateTokenRequest.newBuilder()
        .setTtl(seconds(1)).build()).getAuth().getClientToken();
    StatusRuntimeException end = pollUntilFails(() -> lookup(token), e -> true, e -> false);
    assertThat(end.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(end.getStatus().getDescription()).isEqualTo("bad token"); // 403 bad token
    unauthenticated(() -> lookupSelf(token));
  }

  // vault token create -orphan
  @Test
  void orphanToken() {
    TokenAuth auth = live.root().createToken(CreateTokenRequest.newBuilder().setNoParent(true)
        .build()).getAuth();
    assertThat(auth.getOrphan()).isTrue();

    TokenInfo info = lookup(auth.getClientToken());
    assertThat(info.getOrphan()).isTrue();
    assertThat(info.getCreationTtl()).isEqualTo(seconds(0));
    assertThat(info.hasExpireTime()).isFalse();                 // expire_time <nil>
    assertThat(info.hasRenewable()).isTrue();
    assertThat(info.getRenewable()).isFalse();
    assertThat(info.hasIssueTime()).isTrue();
    assertThat(info.getPath()).isEqualTo("auth/token/create");
    assertThat(info.getPoliciesList()).containsExactly("root");
    assertThat(info.getTtl()).isEqualTo(seconds(0));
    assertThat(info.getExplicitMaxTtl()).isEqualTo(seconds(0));
    assertThat(info.getDisplayName()).isEqualTo("token");
    assertThat(info.getNumUses()).isZero();
    assertThat(info.getType()).isEqualTo(TokenType.TOKEN_TYPE_SERVICE);
  }

  // vault write auth/token/roles/zabbix allowed_policies="policy1, policy2, policy3" orphan=true period=8h
  // vault token create -role=zabbix
  @Test
  void tokenRole_zabbix() {
    live.root().writeRole(WriteRoleRequest.newBuilder()
        .setRoleName("zabbix")
        .setAllowedPolicies(StringList.newBuilder().addValues("policy1").addValues(" policy2")
            .addValues(" policy3"))
        .setOrphan(true)
        .setPeriod(seconds(8 * HOUR))
        .build());

    CreateTokenResponse created = live.root().createTokenAgainstRole(CreateTokenRequest
        .newBuilder().setRoleName("zabbix").build());
    // "You can ignore warnings for the policies not existing."
    assertThat(created.getWarningsList()).containsExactly("Policy \"policy1\" does not exist",
        "Policy \"policy2\" does not exist", "Policy \"policy3\" does not exist");
    TokenAuth auth = created.getAuth();
    assertThat(auth.getLeaseDuration()).isEqualTo(seconds(8 * HOUR)); // token_duration 8h
    assertThat(auth.getRenewable()).isTrue();
    assertThat(auth.getTokenPoliciesList())
        .containsExactly("default", "policy1", "policy2", "policy3");
    assertThat(auth.getIdentityPoliciesList()).isEmpty();
    assertThat(auth.getPoliciesList()).containsExactly("default", "policy1", "policy2", "policy3");
    assertThat(auth.getOrphan()).isTrue();

    TokenInfo info = lookup(auth.getClientToken());
    assertThat(info.getPath()).isEqualTo("auth/token/create/zabbix");
    assertThat(info.getRole()).isEqualTo("zabbix");
    assertThat(info.getOrphan()).isTrue();
    assertThat(info.getCreationTtl()).isEqualTo(seconds(8 * HOUR));
  }

  // parent_token (1 minute) |___ child_token (3 minutes) |___ orphan_token (3 minutes)
  @Test
  void revokeServiceTokens_tree() {
    // vault policy write test -<<EOF path "auth/token/create" { capabilities = [..., "sudo"] } EOF
    live.sys(live.rootToken()).writePolicy(WritePolicyRequest.newBuilder().setName("test").setPolicy(
        "path \"auth/token/create\" { capabilities = [\"create\", \"read\", \"update\","
            + " \"delete\", \"list\", \"sudo\"] }").build());
    // vault token create -ttl=60 -policy=test
    CreateTokenResponse parentCreated = live.root().createToken(CreateTokenRequest.newBuilder()
        .setTtl(seconds(60)).addPolicies("test").build());
    assertThat(parentCreated.getWarningsList()).isEmpty();
    assertThat(parentCreated.getAuth().getPoliciesList()).containsExactly("default", "test");
    String parent = parentCreated.getAuth().getClientToken();

    // VAULT_TOKEN=$(cat parent_token.txt) vault token create -ttl=180 -policy=default
    TokenAuth child = live.tokens(parent).createToken(CreateTokenRequest.newBuilder()
        .setTtl(seconds(180)).addPolicies("default").build()).getAuth();
    assertThat(child.getOrphan()).isFalse();
    assertThat(child.getLeaseDuration()).isEqualTo(seconds(180));

    // VAULT_TOKEN=$(cat parent_token.txt) vault token create -orphan -ttl=180 -policy=default
    TokenAuth orphan = live.tokens(parent).createToken(CreateTokenRequest.newBuilder()
        .setNoParent(true).setTtl(seconds(180)).addPolicies("default").build()).getAuth();
    assertThat(orphan.getOrphan()).isTrue();

    // vault token revoke $(cat parent_token.txt)
    assertThat(live.root().revokeToken(RevokeTokenRequest.newBuilder().setToken(parent).build())
        .getWarningsList()).isEmpty();

    badToken(() -> lookup(parent));
    badToken(() -> lookup(child.getClientToken()));
    unauthenticated(() -> lookupSelf(child.getClientToken()));

    TokenInfo orphanInfo = lookup(orphan.getClientToken());
    assertThat(orphanInfo.getOrphan()).isTrue();
    assertThat(orphanInfo.getPath()).isEqualTo("auth/token/create");
    assertThat(orphanInfo.getPoliciesList()).containsExactly("default");
    assertThat(orphanInfo.getCreationTtl()).isEqualTo(seconds(180));

    // "Instead of revoking using a token value, revoke tokens with a token accessor."
    assertThat(live.root().revokeAccessor(RevokeAccessorRequest.newBuilder()
        .setAccessor(orphan.getAccessor()).build()).getWarningsList()).isEmpty();
    badToken(() -> lookup(orphan.getClientToken()));
  }

  /**
   * Calls {@code call} until it fails in a way {@code done} accepts, within 10 s; failures that
   * {@code tolerated} accepts (and successes) mean "not yet". This is the one place these tests
   * wait, and only for a token of 1-2 s to run out: the short sleep between polls keeps the loop
   * from spinning, the deadline keeps a broken server from hanging the build.
   */
  private static StatusRuntimeException pollUntilFails(Supplier<?> call,
      Predicate<StatusRuntimeException> done, Predicate<StatusRuntimeException> tolerated) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        call.get();
      } catch (StatusRuntimeException e) {
        if (done.test(e)) {
          return e;
        }
        if (!tolerated.test(e)) {
          throw new AssertionError("unexpected failure while waiting: " + e.getStatus(), e);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not failed after 10 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
