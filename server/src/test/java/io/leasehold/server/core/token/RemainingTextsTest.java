package io.leasehold.server.core.token;

import static io.leasehold.server.CoreFixture.req;
import static io.leasehold.server.Refusals.invalid;
import static io.leasehold.server.Refusals.precondition;
import static io.leasehold.server.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.TuneRequest;
import io.leasehold.server.core.policy.PolicyCatalog;
import io.leasehold.server.core.request.AccessControl;
import io.leasehold.server.core.request.Route;
import io.leasehold.server.internal.v1.StoredRole;
import io.leasehold.server.storage.Keys;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The texts of sections 1-8 and 12 that need an unusual state to reach. */
class RemainingTextsTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** A creator whose ACL gives every token sudo, as a policy with sudo on the path would. */
  private TokenCreator sudoForAll() {
    AccessControl everyoneSudo = new AccessControl() {
      @Override
      public boolean allows(TokenEntry token, Route route) {
        return true;
      }

      @Override
      public boolean hasSudo(TokenEntry token, String path) {
        return true;
      }
    };
    return new TokenCreator(f.core.tokens, f.core.roles, f.core.mounts, everyoneSudo,
        PolicyCatalog.builtinsOnly(), new TokenIds(new SecureRandom()),
        new io.leasehold.server.core.batch.BatchTokenCodec(f.core.batchKeyset), f.clock);
  }

  @Test
  void sudoIsNotEnoughToMintRoot() {
    TokenEntry sudoParent = f.createAsRoot(req().policies("admin").build()).entry();
    invalid("root tokens may not be created without parent token being root",
        () -> sudoForAll().create(sudoParent, TokenCreator.Endpoint.CREATE, null,
            req().policies("root").build()));
    CreatedToken orphan = sudoForAll().create(sudoParent, TokenCreator.Endpoint.CREATE, null,
        req().policies("other").noParent().period(60).build());
    assertThat(orphan.entry().orphan()).isTrue();
    assertThat(orphan.entry().policies()).containsExactly("default", "other");
  }

  @Test
  void parentVanishingBeforeTheWrite_isRefused() {
    TokenEntry parent = f.createAsRoot(req().policies("a").build()).entry();
    f.core.revoker.revokeTree(parent.hash());
    invalid("parent token not found", () -> f.core.creator.create(parent,
        TokenCreator.Endpoint.CREATE, null, req().build()));
  }

  @Test
  void roleWithCorruptTokenType_isRefusedAtCreation() {
    f.storage.transact(tx -> {
      tx.put(Keys.of("role/odd"), StoredRole.newBuilder().setName("odd").setRenewable(true)
          .setTokenType("weird").build().toByteArray());
      return null;
    });
    invalid("role being used for token creation contains invalid token type \"weird\"",
        () -> f.core.creator.create(f.live(f.rootToken).orElseThrow(),
            TokenCreator.Endpoint.CREATE_AGAINST_ROLE, "odd", req().build()));
  }

  @Test
  void renewAndRevokeByAccessor_errors() {
    invalid("missing accessor", () -> f.core.renewer.renewAccessor("", 0));
    precondition("invalid accessor", () -> f.core.renewer.renewAccessor("nope", 0));
    CreatedToken t = f.createAsRoot(req().policies("a").ttl(100).build());
    RenewedToken r = f.core.renewer.renewAccessor(t.entry().accessor(), 50);
    assertThat(r.tokenId()).isEmpty();
    assertThat(r.ttl()).isEqualTo(50);
    // The accessor index survives while its token is gone (damage tidy repairs).
    f.storage.transact(tx -> tx.delete(TokenKeys.entry(t.entry().hash())));
    precondition("token not found", () -> f.core.revocations.revokeAccessor(
        t.entry().accessor()));
    precondition("invalid accessor", () -> f.core.lookup.lookupAccessor(t.entry().accessor()));
  }

  @Test
  void revokeWithoutToken_isRefused() {
    invalid("missing token ID", () -> f.core.revocations.revoke(""));
    invalid("missing token ID", () -> f.core.revocations.revokeOrphan(
        new io.leasehold.server.core.request.Caller(f.rootToken,
            f.live(f.rootToken).orElseThrow()), ""));
  }

  @Test
  void renewSelfOnTheLastUse_findsNoToken() {
    CreatedToken t = f.createAsRoot(req().policies("a").numUses(1).ttl(100).build());
    precondition("token not found", () -> f.as(t.tokenId(), "auth/token/renew-self",
        io.leasehold.server.core.request.Operation.UPDATE, c -> f.core.renewer.renewSelf(c, 0)));
  }

  @Test
  void negativeIncrement_isRefused() {
    CreatedToken t = f.createAsRoot(req().policies("a").ttl(100).build());
    invalid("increment must be positive", () -> f.core.renewer.renew(t.tokenId(), -1));
  }

  @Test
  void tokenMountTune_textsAndEffect() {
    assertThat(f.core.mounts.read("token").defaultLeaseTtl()).isEqualTo(2_764_800);
    f.core.mounts.tune(new TuneRequest("token/", 8 * 3600L, 720 * 3600L, null, null));
    assertThat(f.core.mounts.read("token").defaultLeaseTtl()).isEqualTo(8 * 3600);
    assertThat(f.core.mounts.read("token").maxLeaseTtl()).isEqualTo(720 * 3600);
    assertThat(f.createAsRoot(req().policies("a").build()).entry().creationTtl())
        .isEqualTo(8 * 3600);
    invalid("backend max lease TTL of 3600 would be less than backend default lease TTL of 7200",
        () -> f.core.mounts.tune(new TuneRequest("token", 7200L, 3600L, null, null)));
    invalid("'token_type' cannot be set for 'token' or 'ns_token' auth mounts",
        () -> f.core.mounts.tune(new TuneRequest("token", null, null, null, "batch")));
    invalid("missing mount path", () -> f.core.mounts.read(""));
    refused(LeaseholdException.Kind.NOT_FOUND, "no auth mount at \"approle/\"",
        () -> f.core.mounts.read("approle"));
    f.core.mounts.tune(new TuneRequest("token", 0L, 0L, null, null));
    assertThat(f.core.mounts.read("token").maxLeaseTtl()).as("0 resets to the system default")
        .isEqualTo(2_764_800);
  }

  @Test
  void tuneOnlyMaxBelowTheDefault_capsNewTokensWithWarning() {
    f.core.mounts.tune(new TuneRequest("token", null, 3600L, null, null));
    CreatedToken t = f.createAsRoot(req().policies("a").build());
    assertThat(t.entry().creationTtl()).isEqualTo(3600);
    assertThat(t.warnings()).contains("TTL of \"768h\" exceeded the effective max_ttl of \"1h\";"
        + " TTL value is capped accordingly");
  }
}
