package io.leasehold.server.core.auth.approle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.auth.EnableRequest;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.core.request.Route;
import io.leasehold.server.core.token.CreatedToken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AppRole login at the core: CIDR binding by client address, and racing for a last use. */
class AppRoleLoginTest {
  private CoreFixture f;

  @BeforeEach
  void setUp() {
    f = new CoreFixture();
    f.core.authMethods.enable(new EnableRequest("", "approle", "", null, null, null));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private AppRoleWrite role(String name, List<String> secretCidrs, List<String> tokenCidrs) {
    return new AppRoleWrite("", name, null, secretCidrs, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, tokenCidrs, null);
  }

  private String secret(String role, List<String> cidrs, List<String> tokenCidrs, Long uses) {
    return f.core.secretIds.generate(new SecretIdRequest("", role, null, cidrs, tokenCidrs, uses,
        null)).secretId();
  }

  private static LeaseholdException refusal(Runnable r) {
    return catchThrowableOfType(LeaseholdException.class, r::run);
  }

  @Test
  void cidrBinding_roleSecretIdAndToken() {
    f.core.appRoles.write(role("ci", List.of("10.0.0.0/8"), List.of("10.9.0.0/16")));
    String roleId = f.core.appRoles.roleId("", "ci");

    CreatedToken t = f.core.appRoleLogin.login("", roleId, secret("ci", null, null, null),
        "10.1.2.3");
    assertThat(t.entry().boundCidrs()).containsExactly("10.9.0.0/16");

    String s = secret("ci", List.of("10.1.0.0/16"), List.of("10.1.2.3/32"), null);
    LeaseholdException role = refusal(() -> f.core.appRoleLogin.login("", roleId, s,
        "192.168.1.1"));
    assertThat(role.kind()).isEqualTo(LeaseholdException.Kind.FAILED_PRECONDITION);
    assertThat(role.getMessage()).isEqualTo(
        "source address \"192.168.1.1\" unauthorized through CIDR restrictions on the role");
    LeaseholdException secretId = refusal(() -> f.core.appRoleLogin.login("", roleId, s,
        "10.2.0.1"));
    assertThat(secretId.getMessage()).isEqualTo(
        "source address \"10.2.0.1\" unauthorized through CIDR restrictions on the secret ID");

    // The secret ID's token_bound_cidrs win over the role's, and the pipeline enforces them.
    CreatedToken bound = f.core.appRoleLogin.login("", roleId, s, "10.1.2.3");
    assertThat(bound.entry().boundCidrs()).containsExactly("10.1.2.3/32");
    Route lookupSelf = Route.of("auth/token/lookup-self", Operation.READ);
    String ok = f.core.pipeline.handle(bound.tokenId(), "10.1.2.3", lookupSelf, c -> "ok");
    assertThat(ok).isEqualTo("ok");
    assertThat(refusal(() -> f.core.pipeline.handle(bound.tokenId(), "10.1.2.4", lookupSelf,
        c -> "ok")).kind()).isEqualTo(LeaseholdException.Kind.UNAUTHENTICATED);
  }

  @Test
  void racingLogins_spendALastUseOnce() throws Exception {
    f.core.appRoles.write(role("ci", null, null));
    String roleId = f.core.appRoles.roleId("", "ci");
    String s = secret("ci", null, null, 1L);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          try {
            f.core.appRoleLogin.login("", roleId, s, null);
            return true;
          } catch (LeaseholdException e) {
            assertThat(e.getMessage()).isEqualTo("invalid role or secret ID");
            return false;
          }
        }));
      }
      int won = 0;
      for (Future<Boolean> r : results) {
        won += r.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.core.inventory.countServiceTokens()).isEqualTo(2); // root + the winner
  }

  @Test
  void rolesWithoutSecretId_logInByRoleIdFromTheBoundBlocks() {
    f.core.appRoles.write(new AppRoleWrite("", "open", false, List.of("127.0.0.0/8"), null, null,
        null, null, List.of("ops"), null, null, null, null, null, null, null, null, true, null,
        null));
    String roleId = f.core.appRoles.roleId("", "open");
    CreatedToken t = f.core.appRoleLogin.login("", roleId, "", "127.0.0.1");
    assertThat(t.entry().policies()).containsExactly("ops");
    assertThat(t.entry().orphan()).isTrue();
  }
}
