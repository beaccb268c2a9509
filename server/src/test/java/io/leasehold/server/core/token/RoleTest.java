package io.leasehold.server.core.token;

import static io.leasehold.server.CoreFixture.req;
import static io.leasehold.server.Refusals.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.request.Operation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token roles: writing, reading, and how they shape tokens (BEHAVIOUR.md section 8). */
class RoleTest {
  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** A role write with only the given fields set. */
  private static final class W {
    List<String> allowed;
    List<String> disallowed;
    List<String> allowedGlob;
    List<String> disallowedGlob;
    Boolean orphan;
    Boolean renewable;
    String suffix;
    Long tokenPeriod;
    Long period;
    Long tokenMax;
    Long max;
    List<String> tokenCidrs;
    List<String> cidrs;
    String type;
    Boolean noDefault;
    Long numUses;

    RoleWrite named(String name) {
      return new RoleWrite(name, allowed, disallowed, allowedGlob, disallowedGlob, orphan,
          renewable, suffix, null, tokenPeriod, period, tokenMax, max, tokenCidrs, cidrs, type,
          noDefault, numUses);
    }
  }

  private CreatedToken createAgainst(String parent, String role, CreateRequest r) {
    return f.as(parent, "auth/token/create/" + role, Operation.UPDATE,
        c -> f.core.creator.create(c.entry(), TokenCreator.Endpoint.CREATE_AGAINST_ROLE, role, r));
  }

  @Test
  void zabbixRole_fromTheSeed() {
    W w = new W();
    w.allowed = List.of("policy1", " Policy2", "policy3 ");
    w.orphan = true;
    w.period = 8 * 3600L;
    assertThat(f.core.roles.write(w.named("zabbix"))).isEmpty();
    CreatedToken t = createAgainst(f.rootToken, "zabbix", req().build());
    assertThat(t.entry().policies()).containsExactly("default", "policy1", "policy2", "policy3");
    assertThat(t.entry().creationTtl()).isEqualTo(8 * 3600);
    assertThat(t.entry().renewable()).isTrue();
    assertThat(t.entry().orphan()).isTrue();
    assertThat(t.entry().path()).isEqualTo("auth/token/create/zabbix");
    assertThat(t.entry().role()).isEqualTo("zabbix");
    assertThat(t.entry().period()).as("role period is not stored on the token").isZero();
    assertThat(t.warnings()).containsExactly("Policy \"policy1\" does not exist",
        "Policy \"policy2\" does not exist", "Policy \"policy3\" does not exist");

    TokenRole read = f.core.roles.read("zabbix").orElseThrow();
    assertThat(read.allowedPolicies()).containsExactly("policy1", "policy2", "policy3");
    assertThat(read.legacyPeriod()).isEqualTo(8 * 3600);
    assertThat(read.tokenPeriod()).isEqualTo(8 * 3600);
    assertThat(read.renewable()).isTrue();
    assertThat(read.tokenType()).isEqualTo("default-service");
    assertThat(f.core.roles.list()).containsExactly("zabbix");
  }

  @Test
  void roleLetsNonSudoCallerMakeOrphanPeriodicTokens_andRenewalRereadsRole() {
    W w = new W();
    w.orphan = true;
    w.tokenPeriod = 3600L;
    f.core.roles.write(w.named("svc"));
    String plain = f.createAsRoot(req().policies("a").build()).tokenId();
    CreatedToken t = createAgainst(plain, "svc", req().build());
    assertThat(t.entry().orphan()).isTrue();
    assertThat(t.entry().policies()).containsExactly("a", "default");
    assertThat(t.entry().creationTtl()).isEqualTo(3600);

    W change = new W();
    change.tokenPeriod = 7200L;
    f.core.roles.write(change.named("svc"));
    assertThat(f.core.renewer.renew(t.tokenId(), 0).ttl()).isEqualTo(7200);
    f.core.roles.delete("svc");
    io.leasehold.server.Refusals.precondition("failed to renew entry: original token role \"svc\""
        + " could not be found, not renewing", () -> f.core.renewer.renew(t.tokenId(), 0));
  }

  @Test
  void roleAndRequestPeriodsAndMaxes_takeTheLesser_withWarnings() {
    W w = new W();
    w.tokenPeriod = 3600L;
    w.tokenMax = 7200L;
    f.core.roles.write(w.named("r"));
    CreatedToken t = createAgainst(f.rootToken, "r",
        req().policies("x").period(600).explicitMaxTtl(9000).build());
    assertThat(t.entry().creationTtl()).isEqualTo(600);
    assertThat(t.warnings()).startsWith(
        "Explicit max TTL specified both during creation call and in role; using the lesser value"
            + " of 7200 seconds",
        "Period specified both during creation call and in role; using the lesser value of 600"
            + " seconds");
  }

  @Test
  void roleNumUses_mergeTakesTheSmallerLimit() {
    W w = new W();
    w.numUses = 10L;
    f.core.roles.write(w.named("n"));
    assertThat(createAgainst(f.rootToken, "n", req().numUses(5).build()).entry().numUses())
        .isEqualTo(5);
    assertThat(createAgainst(f.rootToken, "n", req().numUses(15).build()).entry().numUses())
        .isEqualTo(10);
    assertThat(createAgainst(f.rootToken, "n", req().build()).entry().numUses()).isEqualTo(10);
  }

  @Test
  void roleRenewableFalse_wins() {
    W w = new W();
    w.renewable = false;
    f.core.roles.write(w.named("fixed"));
    assertThat(createAgainst(f.rootToken, "fixed", req().policies("x").build()).entry().renewable())
        .isFalse();
  }

  @Test
  void allowedAndDisallowedLists_decidePolicies() {
    W w = new W();
    w.allowed = List.of("foo", "bar");
    w.disallowed = List.of("baz");
    w.allowedGlob = List.of("team-*");
    f.core.roles.write(w.named("lists"));
    String plain = f.createAsRoot(req().policies("a", "other").build()).tokenId();
    assertThat(createAgainst(plain, "lists", req().build()).entry().policies())
        .containsExactly("bar", "default", "foo");
    assertThat(createAgainst(plain, "lists", req().policies("team-a", "foo").build()).entry()
        .policies()).containsExactly("default", "foo", "team-a");
    invalid("token policies ([\"default\" \"nope\"]) must be subset of the role's allowed policies"
            + " ([\"bar\" \"default\" \"foo\"]) or glob policies ([\"team-*\"])",
        () -> createAgainst(plain, "lists", req().policies("nope").build()));

    W deny = new W();
    deny.disallowed = List.of("baz");
    f.core.roles.write(deny.named("deny"));
    invalid("token policy \"baz\" is disallowed by this role",
        () -> createAgainst(f.rootToken, "deny", req().policies("baz").build()));
    assertThat(createAgainst(plain, "deny", req().build()).entry().policies())
        .as("no allowed list: inherit the parent's").containsExactly("a", "default", "other");

    W noDefault = new W();
    noDefault.allowed = List.of("foo");
    noDefault.noDefault = true;
    f.core.roles.write(noDefault.named("nodef"));
    assertThat(createAgainst(plain, "nodef", req().build()).entry().policies())
        .containsExactly("foo");
  }

  @Test
  void pathSuffix_isAppendedToThePath() {
    W w = new W();
    w.suffix = "prod";
    f.core.roles.write(w.named("suf"));
    assertThat(createAgainst(f.rootToken, "suf", req().policies("x").build()).entry().path())
        .isEqualTo("auth/token/create/suf/prod");
  }

  @Test
  void roleBoundCidrs_limitWhereTheTokenWorks() {
    W w = new W();
    w.tokenCidrs = List.of("10.0.0.0/8");
    f.core.roles.write(w.named("net"));
    CreatedToken t = createAgainst(f.rootToken, "net", req().policies("x").build());
    assertThat(t.entry().boundCidrs()).containsExactly("10.0.0.0/8");
    io.leasehold.server.core.request.Route self = io.leasehold.server.core.request.Route.of(
        "auth/token/lookup-self", Operation.READ);
    String seen = f.core.pipeline.handle(t.tokenId(), "10.1.2.3", self, c -> c.entry().hash());
    assertThat(seen).isEqualTo(t.entry().hash());
    io.leasehold.server.Refusals.refused(
        io.leasehold.server.core.LeaseholdException.Kind.UNAUTHENTICATED, "permission denied",
        () -> f.core.pipeline.handle(t.tokenId(), "127.0.0.1", self, c -> null));
  }

  @Test
  void unknownRole_isRefused() {
    invalid("unknown role ghost", () -> createAgainst(f.rootToken, "ghost", req().build()));
  }

  @Test
  void roleValidation_hasVaultTexts() {
    W bad = new W();
    bad.suffix = "-";
    invalid("given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w",
        () -> f.core.roles.write(bad.named("a")));
    W parent = new W();
    parent.suffix = "a..b";
    invalid("error registering path suffix: path cannot contain parent references",
        () -> f.core.roles.write(parent.named("a")));
    W batch = new W();
    batch.type = "batch";
    invalid("'token_type' cannot be 'batch' when role is set to generate non-orphan tokens",
        () -> f.core.roles.write(batch.named("b")));
    batch.orphan = true;
    invalid("'token_type' cannot be 'batch' when role is set to generate renewable tokens",
        () -> f.core.roles.write(batch.named("b")));
    batch.renewable = false;
    batch.period = 60L;
    invalid("'token_type' cannot be 'batch' when role is set to generate periodic tokens",
        () -> f.core.roles.write(batch.named("b")));
    batch.period = null;
    batch.max = 60L;
    invalid("'token_type' cannot be 'batch' when role is set to generate tokens with an explicit"
        + " max TTL", () -> f.core.roles.write(batch.named("b")));
    W type = new W();
    type.type = "weird";
    invalid("invalid 'token_type' value \"weird\"", () -> f.core.roles.write(type.named("t")));
    W neg = new W();
    neg.tokenPeriod = -1L;
    invalid("error parsing role fields: 'token_period' cannot be negative",
        () -> f.core.roles.write(neg.named("n")));
    W uses = new W();
    uses.numUses = -1L;
    invalid("error parsing role fields: 'token_num_uses' cannot be negative",
        () -> f.core.roles.write(uses.named("n")));
    W cidr = new W();
    cidr.tokenCidrs = List.of("10.0.0.0/33");
    invalid("error parsing role fields: invalid CIDR \"10.0.0.0/33\" in 'token_bound_cidrs'",
        () -> f.core.roles.write(cidr.named("c")));
    assertThat(f.core.roles.list()).isEmpty();
  }

  @Test
  void legacyAndNewFieldsTogether_warnAndNewWins() {
    W w = new W();
    w.tokenPeriod = 60L;
    w.period = 120L;
    w.tokenMax = 600L;
    w.max = 900L;
    w.tokenCidrs = List.of("10.0.0.0/8");
    w.cidrs = List.of("192.168.0.0/16");
    assertThat(f.core.roles.write(w.named("both"))).containsExactly(
        "Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value",
        "Both 'token_explicit_max_ttl' and deprecated 'explicit_max_ttl' value supplied, ignoring"
            + " the deprecated value",
        "Both 'token_bound_cidrs' and deprecated 'bound_cidrs' value supplied, ignoring the"
            + " deprecated value");
    TokenRole r = f.core.roles.read("both").orElseThrow();
    assertThat(r.tokenPeriod()).isEqualTo(60);
    assertThat(r.legacyPeriod()).isZero();
    assertThat(r.tokenExplicitMaxTtl()).isEqualTo(600);
    assertThat(r.tokenBoundCidrs()).containsExactly("10.0.0.0/8");
  }

  @Test
  void explicitMaxAboveMountMax_warns() {
    W w = new W();
    w.tokenMax = 800 * 3600L;
    assertThat(f.core.roles.write(w.named("big"))).containsExactly(
        "Given explicit max TTL of 2880000 is greater than system/mount allowed value of 2764800"
            + " seconds; until this is fixed attempting to create tokens against this role will"
            + " result in an error");
  }

  @Test
  void updateChangesOnlySuppliedFields_andNamesAreLowerCased() {
    W w = new W();
    w.allowed = List.of("a");
    w.orphan = true;
    f.core.roles.write(w.named("MyRole"));
    W u = new W();
    u.renewable = false;
    f.core.roles.write(u.named("myrole"));
    TokenRole r = f.core.roles.read("MYROLE").orElseThrow();
    assertThat(r.name()).isEqualTo("myrole");
    assertThat(r.allowedPolicies()).containsExactly("a");
    assertThat(r.orphan()).isTrue();
    assertThat(r.renewable()).isFalse();
    invalid("invalid role name \"bad name\": must match \\w(([\\w-.]+)?\\w)?",
        () -> f.core.roles.read("bad name"));
    f.core.roles.delete("myrole");
    f.core.roles.delete("myrole");
    assertThat(f.core.roles.read("myrole")).isEmpty();
  }
}
