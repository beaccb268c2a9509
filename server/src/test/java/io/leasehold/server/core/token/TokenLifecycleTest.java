package io.leasehold.server.core.token;

import static io.leasehold.server.CoreFixture.req;
import static io.leasehold.server.Refusals.precondition;
import static io.leasehold.server.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expiry, renewal, use limits and revocation on a fake clock (BEHAVIOUR.md 2-7). */
class TokenLifecycleTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private TokenDetails lookupSelf(String token) {
    return f.as(token, "auth/token/lookup-self", Operation.READ, c -> f.core.lookup.lookupSelf(c));
  }

  @Test
  void tokenExpiresAtItsExactDeadline_andIsSwept() {
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(60).build());
    f.clock.advance(59_999);
    assertThat(f.live(t.tokenId())).isPresent();
    f.clock.advance(1);
    assertThat(f.live(t.tokenId())).isEmpty();
    assertThat(f.storage.get(TokenKeys.entry(t.entry().hash()))).isEmpty();
    refused(LeaseholdException.Kind.UNAUTHENTICATED, "permission denied",
        () -> lookupSelf(t.tokenId()));
  }

  @Test
  void expiredTokenIsRefusedEvenBeforeTheSweep() {
    f.core.expiration.close(); // no sweeper at all
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(10).build());
    f.clock.advanceSeconds(10);
    assertThat(f.storage.get(TokenKeys.entry(t.entry().hash()))).isPresent();
    refused(LeaseholdException.Kind.UNAUTHENTICATED, "permission denied",
        () -> lookupSelf(t.tokenId()));
    precondition("token not found", () -> f.core.renewer.renew(t.tokenId(), 0));
  }

  @Test
  void childrenDieWithTheirExpiringParent() {
    CreatedToken parent = f.createAsRoot(req().policies("root").ttl(60).build());
    CreatedToken child = f.create(parent.tokenId(), req().policies("a").ttl(3600).build());
    CreatedToken grandchild = f.create(child.tokenId(), req().ttl(7200).build());
    f.clock.advanceSeconds(60);
    assertThat(f.live(parent.tokenId())).isEmpty();
    assertThat(f.live(child.tokenId())).isEmpty();
    assertThat(f.live(grandchild.tokenId())).isEmpty();
    assertThat(f.core.inventory.countServiceTokens()).isEqualTo(1); // the root token
  }

  @Test
  void periodicTokenLivesForeverWhileRenewed_100Periods() {
    long period = 24 * 3600;
    CreatedToken t = f.createAsRoot(req().policies("default").period(period).build());
    for (int i = 0; i < 100; i++) {
      f.clock.advanceSeconds(period - 60);
      RenewedToken r = f.as(t.tokenId(), "auth/token/renew-self", Operation.UPDATE,
          c -> f.core.renewer.renewSelf(c, 3600));
      assertThat(r.ttl()).as("renewal %d ignores the increment", i).isEqualTo(period);
      assertThat(r.warnings()).isEmpty();
    }
    assertThat(lookupSelf(t.tokenId()).ttl()).isEqualTo(period);
    f.clock.advanceSeconds(period);
    assertThat(f.live(t.tokenId())).isEmpty();
  }

  @Test
  void renewWithIncrement_andCappingAtExplicitMax() {
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(45).explicitMaxTtl(120).build());
    RenewedToken plain = f.core.renewer.renew(t.tokenId(), 0);
    assertThat(plain.ttl()).isEqualTo(45);
    RenewedToken inc = f.core.renewer.renew(t.tokenId(), 60);
    assertThat(inc.ttl()).isEqualTo(60);
    f.clock.advanceSeconds(50);
    assertThat(f.core.renewer.renew(t.tokenId(), 60).ttl()).isEqualTo(60);
    f.clock.advanceSeconds(50);
    RenewedToken capped = f.core.renewer.renew(t.tokenId(), 60);
    assertThat(capped.ttl()).isEqualTo(20);
    assertThat(capped.warnings()).containsExactly(
        "TTL of \"1m\" exceeded the effective max_ttl of \"20s\"; TTL value is capped"
            + " accordingly");
    f.clock.advanceSeconds(19);
    assertThat(f.core.renewer.renew(t.tokenId(), 60).ttl()).isEqualTo(1);
    f.clock.advanceSeconds(1);
    assertThat(f.live(t.tokenId())).isEmpty();
    precondition("token not found", () -> f.core.renewer.renew(t.tokenId(), 60));
  }

  @Test
  void renewWithoutIncrement_reusesLastGrantedTtl() {
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(100).build());
    f.core.renewer.renew(t.tokenId(), 30);
    assertThat(f.core.renewer.renew(t.tokenId(), 0).ttl()).isEqualTo(30);
  }

  @Test
  void periodicWithExplicitMax_stopsAtExplicitMax() {
    CreatedToken t = f.createAsRoot(
        req().policies("default").period(60).explicitMaxTtl(150).build());
    f.clock.advanceSeconds(50);
    assertThat(f.core.renewer.renew(t.tokenId(), 0).ttl()).isEqualTo(60);
    f.clock.advanceSeconds(50);
    RenewedToken capped = f.core.renewer.renew(t.tokenId(), 0);
    assertThat(capped.ttl()).isEqualTo(50);
    f.clock.advanceSeconds(50);
    assertThat(f.live(t.tokenId())).isEmpty();
  }

  @Test
  void renewErrors_haveVaultTexts() {
    precondition("token not found", () -> f.core.renewer.renew("s.nope", 0));
    Refusals_invalidMissing();
    CreatedToken nonExpiringRoot = f.createAsRoot(req().build());
    precondition("lease is not renewable",
        () -> f.core.renewer.renew(nonExpiringRoot.tokenId(), 0));
    precondition("invalid lease ID", () -> f.core.renewer.renew(f.rootToken, 0));
    CreatedToken fixed = f.createAsRoot(req().policies("default").renewable(false).build());
    precondition("lease is not renewable", () -> f.core.renewer.renew(fixed.tokenId(), 0));
  }

  private void Refusals_invalidMissing() {
    io.leasehold.server.Refusals.invalid("missing token ID", () -> f.core.renewer.renew("", 0));
  }

  @Test
  void useLimit_countsDownToMinusOne_thenTokenIsRevoked() {
    CreatedToken t = f.createAsRoot(req().policies("default").numUses(2).build());
    assertThat(lookupSelf(t.tokenId()).numUses()).isEqualTo(1);
    assertThat(lookupSelf(t.tokenId()).numUses()).isEqualTo(-1);
    refused(LeaseholdException.Kind.UNAUTHENTICATED, "permission denied",
        () -> lookupSelf(t.tokenId()));
    assertThat(f.storage.get(TokenKeys.entry(t.entry().hash()))).isEmpty();
  }

  @Test
  void deniedRequestStillSpendsAUse() {
    CreatedToken t = f.createAsRoot(req().policies("default").numUses(2).build());
    refused(LeaseholdException.Kind.PERMISSION_DENIED, "permission denied",
        () -> f.as(t.tokenId(), "auth/token/accessors", Operation.LIST, c -> null));
    assertThat(lookupSelf(t.tokenId()).numUses()).isEqualTo(-1);
    assertThat(f.live(t.tokenId())).isEmpty();
  }

  @Test
  void revokeTree_takesDescendants_revokeOrphan_keepsChildren() {
    CreatedToken parent = f.createAsRoot(req().policies("root").ttl(3600).build());
    CreatedToken child = f.create(parent.tokenId(), req().ttl(3600).build());
    CreatedToken orphan = f.as(parent.tokenId(), "auth/token/create-orphan", Operation.UPDATE,
        c -> f.core.creator.create(c.entry(), TokenCreator.Endpoint.CREATE_ORPHAN, null,
            req().ttl(3600).build()));
    f.core.revocations.revoke(parent.tokenId());
    assertThat(f.live(parent.tokenId())).isEmpty();
    assertThat(f.live(child.tokenId())).isEmpty();
    assertThat(f.live(orphan.tokenId())).isPresent();

    CreatedToken p2 = f.createAsRoot(req().policies("root").ttl(3600).build());
    CreatedToken c2 = f.create(p2.tokenId(), req().ttl(3600).build());
    f.as(f.rootToken, "auth/token/revoke-orphan", Operation.UPDATE, c -> {
      f.core.revocations.revokeOrphan(c, p2.tokenId());
      return null;
    });
    assertThat(f.live(p2.tokenId())).isEmpty();
    assertThat(f.live(c2.tokenId())).get().extracting(TokenEntry::orphan).isEqualTo(true);
    assertThat(f.storage.scan(TokenKeys.children(p2.entry().hash()), null, 10)
        .stream().filter(kv -> io.leasehold.server.storage.Keys.hasPrefix(kv.key(),
            TokenKeys.children(p2.entry().hash()))).count()).isZero();
  }

  @Test
  void revokeErrorsAndWarnings_haveVaultTexts() {
    f.core.revocations.revoke("s.unknown"); // no-op, no error
    assertThat(f.core.revocations.revokeAccessor("nope"))
        .containsExactly("No token found with this accessor");
    io.leasehold.server.Refusals.invalid("missing accessor",
        () -> f.core.revocations.revokeAccessor(""));
    precondition("token to revoke not found", () -> f.as(f.rootToken, "auth/token/revoke-orphan",
        Operation.UPDATE, c -> {
          f.core.revocations.revokeOrphan(c, "s.unknown");
          return null;
        }));
    String plain = f.createAsRoot(req().policies("a").build()).tokenId();
    io.leasehold.server.Refusals.invalid("root or sudo privileges required to revoke and orphan",
        () -> f.core.revocations.revokeOrphan(
            new io.leasehold.server.core.request.Caller(plain, f.live(plain).orElseThrow()),
            "s.x"));
  }

  @Test
  void revokeAccessor_revokesTree() {
    CreatedToken parent = f.createAsRoot(req().policies("root").ttl(3600).build());
    CreatedToken child = f.create(parent.tokenId(), req().ttl(3600).build());
    assertThat(f.core.revocations.revokeAccessor(parent.entry().accessor())).isEmpty();
    assertThat(f.live(child.tokenId())).isEmpty();
  }

  @Test
  void lookupErrors_haveVaultTexts() {
    refused(LeaseholdException.Kind.PERMISSION_DENIED, "bad token", () -> f.as(f.rootToken,
        "auth/token/lookup", Operation.UPDATE, c -> f.core.lookup.lookup(c, "s.nope")));
    precondition("invalid accessor", () -> f.core.lookup.lookupAccessor("nope"));
    io.leasehold.server.Refusals.invalid("missing accessor",
        () -> f.core.lookup.lookupAccessor(""));
  }

  @Test
  void initialRootTokenLookup_hasNoLease() {
    TokenDetails d = lookupSelf(f.rootToken);
    assertThat(d.path()).isEqualTo("auth/token/root");
    assertThat(d.displayName()).isEqualTo("root");
    assertThat(d.orphan()).isTrue();
    assertThat(d.renewable()).isNull();
    assertThat(d.issueTimeMillis()).isZero();
    assertThat(d.expireTimeMillis()).isZero();
    assertThat(d.ttl()).isZero();
    assertThat(d.policies()).containsExactly("root");
  }

  @Test
  void lookupByAccessor_hidesId_andShowsTtl() {
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(3600).build());
    f.clock.advanceSeconds(50);
    TokenDetails d = f.core.lookup.lookupAccessor(t.entry().accessor());
    assertThat(d.id()).isEmpty();
    assertThat(d.ttl()).isEqualTo(3550);
    assertThat(d.creationTtl()).isEqualTo(3600);
    assertThat(d.renewable()).isTrue();
  }

  @Test
  void accessorsList_includesRootAndChildren_counterCountsServiceTokens() {
    CreatedToken t = f.createAsRoot(req().policies("default").build());
    assertThat(f.core.inventory.accessors()).contains(t.entry().accessor()).hasSize(2);
    assertThat(f.core.inventory.countServiceTokens()).isEqualTo(2);
  }
}
