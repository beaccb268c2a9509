package io.leasehold.server.core.token;

import static io.leasehold.server.CoreFixture.req;
import static io.leasehold.server.Refusals.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.request.Operation;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Creation rules and texts (BEHAVIOUR.md section 1 and Appendix B). */
class TokenCreationTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private CreatedToken nonRoot(String... policies) {
    return f.createAsRoot(req().policies(policies).build());
  }

  @Test
  void rootChildWithoutParameters_isNonExpiringRootToken() {
    CreatedToken t = f.createAsRoot(req().build());
    TokenEntry e = t.entry();
    assertThat(e.policies()).containsExactly("root");
    assertThat(e.creationTtl()).isZero();
    assertThat(e.expireTimeMillis()).isZero();
    assertThat(e.renewable()).isFalse();
    assertThat(e.orphan()).isFalse();
    assertThat(e.displayName()).isEqualTo("token");
    assertThat(e.path()).isEqualTo("auth/token/create");
    assertThat(e.hasLease()).isTrue();
    assertThat(t.tokenId()).startsWith("s.").hasSize(26);
    assertThat(e.accessor()).hasSize(24).matches("[0-9A-Za-z]{24}");
    assertThat(t.warnings()).isEmpty();
  }

  @Test
  void unknownPolicy_addsDefaultAndWarns_andGetsDefaultTtl() {
    CreatedToken t = f.createAsRoot(req().policies("foo").build());
    assertThat(t.entry().policies()).containsExactly("default", "foo");
    assertThat(t.warnings()).containsExactly("Policy \"foo\" does not exist");
    assertThat(t.entry().creationTtl()).isEqualTo(2_764_800);
    assertThat(t.entry().renewable()).isTrue();
    assertThat(t.entry().expireTimeMillis()).isEqualTo(CoreFixture.START + 2_764_800_000L);
  }

  @Test
  void policiesAreSanitized() {
    CreatedToken t = f.createAsRoot(req().policies(" Zeta", "alpha ", "ALPHA", "").build());
    assertThat(t.entry().policies()).containsExactly("alpha", "default", "zeta");
  }

  @Test
  void noDefaultPolicy_stripsDefaultEvenIfRequested() {
    CreatedToken t = f.createAsRoot(req().policies("default", "foo").noDefaultPolicy().build());
    assertThat(t.entry().policies()).containsExactly("foo");
  }

  @Test
  void nonSudoParent_mustRequestSubsetOfItsPolicies() {
    CreatedToken parent = nonRoot("a");
    assertThat(parent.entry().policies()).containsExactly("a", "default");
    invalid("child policies must be subset of parent",
        () -> f.create(parent.tokenId(), req().policies("b").build()));
    CreatedToken inherited = f.create(parent.tokenId(), req().build());
    assertThat(inherited.entry().policies()).containsExactly("a", "default");
    CreatedToken subset = f.create(parent.tokenId(), req().policies("a").build());
    assertThat(subset.entry().policies()).containsExactly("a", "default");
    CreatedToken subsetNoDefault =
        f.create(parent.tokenId(), req().policies("a").noDefaultPolicy().build());
    assertThat(subsetNoDefault.entry().policies()).containsExactly("a");
  }

  @Test
  void nonSudoParent_cannotMakeOrphansPeriodicTokensOrCustomIds() {
    String parent = nonRoot("a").tokenId();
    invalid("root or sudo privileges required to create orphan token",
        () -> f.create(parent, req().noParent().build()));
    invalid("root or sudo privileges required to create periodic token",
        () -> f.create(parent, req().period(3600).build()));
    invalid("root or sudo privileges required to specify token id",
        () -> f.create(parent, req().id("x").build()));
  }

  @Test
  void createOrphanEndpoint_makesOrphanWithoutSudo() {
    String parent = nonRoot("a").tokenId();
    CreatedToken t = f.as(parent, "auth/token/create-orphan", Operation.UPDATE,
        c -> f.core.creator.create(c.entry(), TokenCreator.Endpoint.CREATE_ORPHAN, null,
            req().build()));
    assertThat(t.entry().orphan()).isTrue();
    assertThat(t.entry().path()).isEqualTo("auth/token/create-orphan");
  }

  @Test
  void rootNoParent_makesOrphan() {
    CreatedToken t = f.createAsRoot(req().noParent().build());
    assertThat(t.entry().orphan()).isTrue();
    assertThat(t.entry().path()).isEqualTo("auth/token/create");
  }

  @Test
  void ttlOverMountMax_isCappedWithWarning() {
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(800 * 3600).build());
    assertThat(t.entry().creationTtl()).isEqualTo(2_764_800);
    assertThat(t.warnings()).containsExactly(
        "TTL of \"800h\" exceeded the effective max_ttl of \"768h\"; TTL value is capped"
            + " accordingly");
  }

  @Test
  void invalidParameters_haveVaultTexts() {
    invalid("number of uses cannot be negative",
        () -> f.createAsRoot(req().numUses(-1).build()));
    invalid("batch tokens cannot have \"num_uses\" set",
        () -> f.createAsRoot(req().type("batch").numUses(2).build()));
    invalid("batch tokens cannot have \"explicit_max_ttl\" set",
        () -> f.createAsRoot(req().type("batch").explicitMaxTtl(60).numUses(2).build()));
    invalid("batch tokens cannot have \"period\" set",
        () -> f.createAsRoot(req().type("batch").period(60).build()));
    invalid("invalid 'token_type' value", () -> f.createAsRoot(req().type("foo").build()));
    invalid("explicit_max_ttl must be positive",
        () -> f.createAsRoot(req().explicitMaxTtl(-1).build()));
    invalid("period must be positive", () -> f.createAsRoot(req().period(-5).build()));
    invalid("ttl must be positive", () -> f.createAsRoot(req().ttl(-5).build()));
    invalid("cannot assign policy \"response-wrapping\"",
        () -> f.createAsRoot(req().policies("response-wrapping").build()));
  }

  @Test
  void rootTokens_needRootParent() {
    String parent = nonRoot("a").tokenId();
    invalid("child policies must be subset of parent",
        () -> f.create(parent, req().policies("root").build()));
  }

  @Test
  void expiringRootToken_cannotCreateNonExpiringRoot_butCanCreateExpiringRoot() {
    CreatedToken expiringRoot = f.createAsRoot(req().policies("root").ttl(3600).build());
    assertThat(expiringRoot.entry().policies()).containsExactly("root");
    assertThat(expiringRoot.entry().creationTtl()).isEqualTo(3600);
    invalid("expiring root tokens cannot create non-expiring root tokens",
        () -> f.create(expiringRoot.tokenId(), req().build()));
    CreatedToken child = f.create(expiringRoot.tokenId(), req().ttl(60).build());
    assertThat(child.entry().policies()).containsExactly("root");
    assertThat(child.entry().creationTtl()).isEqualTo(60);
  }

  @Test
  void displayName_isPrefixedAndSanitized() {
    assertThat(f.createAsRoot(req().displayName("My App!").build()).entry().displayName())
        .isEqualTo("token-My-App");
    assertThat(f.createAsRoot(req().displayName("my app!").build()).entry().displayName())
        .isEqualTo("token-my-app");
    assertThat(f.createAsRoot(req().displayName("x--").build()).entry().displayName())
        .isEqualTo("token-x-");
  }

  @Test
  void customId_warnsAndIsValidated() {
    CreatedToken t = f.createAsRoot(req().id("myid").build());
    assertThat(t.tokenId()).isEqualTo("myid");
    assertThat(t.warnings()).containsExactly(TokenCreator.CUSTOM_ID_WARNING);
    assertThat(f.live("myid")).isPresent();
    invalid("custom token ID cannot have the 's.' prefix",
        () -> f.createAsRoot(req().id("s.abc").build()));
    invalid("custom token ID cannot have the 'hvs.' prefix",
        () -> f.createAsRoot(req().id("hvs.abc").build()));
    invalid("custom token ID cannot have a '.' in the value",
        () -> f.createAsRoot(req().id("a.b").build()));
    invalid("cannot create a token with a duplicate ID",
        () -> f.createAsRoot(req().id("myid").build()));
  }

  @Test
  void useLimitedParent_cannotCreateChildren() {
    String limited = f.createAsRoot(req().policies("a").numUses(3).build()).tokenId();
    invalid("restricted use token cannot generate child tokens",
        () -> f.create(limited, req().build()));
  }

  @Test
  void lastUseParent_hasNoParent() {
    String oneUse = f.createAsRoot(req().policies("a").numUses(1).build()).tokenId();
    invalid("parent token lookup failed: no parent found",
        () -> f.create(oneUse, req().build()));
    assertThat(f.live(oneUse)).isEmpty();
  }

  @Test
  void explicitMaxTtl_capsTtl() {
    CreatedToken t = f.createAsRoot(req().policies("default").ttl(600).explicitMaxTtl(120).build());
    assertThat(t.entry().creationTtl()).isEqualTo(120);
    assertThat(t.entry().explicitMaxTtl()).isEqualTo(120);
    assertThat(t.warnings()).containsExactly(
        "TTL of \"10m\" exceeded the effective max_ttl of \"2m\"; TTL value is capped accordingly");
  }

  @Test
  void rootWithExplicitMaxOnly_expiresAtExplicitMax() {
    CreatedToken t = f.createAsRoot(req().explicitMaxTtl(90).build());
    assertThat(t.entry().policies()).containsExactly("root");
    assertThat(t.entry().creationTtl()).isEqualTo(90);
  }

  @Test
  void periodicToken_getsPeriodAsTtl() {
    CreatedToken t = f.createAsRoot(req().policies("default").period(24 * 3600).build());
    assertThat(t.entry().creationTtl()).isEqualTo(86_400);
    assertThat(t.entry().period()).isEqualTo(86_400);
    assertThat(t.entry().renewable()).isTrue();
  }

  @Test
  void periodAboveMountMax_isCappedWithWarning() {
    CreatedToken t = f.createAsRoot(req().policies("default").period(1000 * 3600).build());
    assertThat(t.entry().creationTtl()).isEqualTo(2_764_800);
    assertThat(t.warnings()).containsExactly("period of \"1000h\" exceeded the effective max_ttl"
        + " of \"768h\"; period value is capped accordingly");
  }

  @Test
  void metaIsKept_andChildInheritsParentsBoundCidrsOnlyWhenNotOrphan() {
    CreatedToken t = f.createAsRoot(req().meta(Map.of("user", "armon")).build());
    assertThat(t.entry().meta()).containsEntry("user", "armon");
  }

  @Test
  void renewableFalse_isHonoured() {
    CreatedToken t = f.createAsRoot(req().policies("default").renewable(false).build());
    assertThat(t.entry().renewable()).isFalse();
  }
}
