package io.leasehold.server.core.policy;

import static io.leasehold.server.core.policy.Capability.DENY;
import static io.leasehold.server.core.policy.Capability.LIST;
import static io.leasehold.server.core.policy.Capability.READ;
import static io.leasehold.server.core.policy.Capability.SUDO;
import static io.leasehold.server.core.policy.Capability.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Vault's path matching (BEHAVIOUR.md 11.3), one rule at a time. */
class AclTest {

  /** One policy per text, named p0, p1, ... */
  static Acl acl(String... texts) {
    List<Policy> policies = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      policies.add(PolicyParser.parse("p" + i, texts[i]));
    }
    return Acl.of(policies);
  }

  /** {@code path "PATH" { capabilities = [CAPS] }}. */
  static String rule(String path, String... caps) {
    StringBuilder b = new StringBuilder("path \"").append(path).append("\" {\n  capabilities = [");
    for (int i = 0; i < caps.length; i++) {
      b.append(i == 0 ? "" : ", ").append('"').append(caps[i]).append('"');
    }
    return b.append("]\n}\n").toString();
  }

  static boolean allows(Acl acl, String path, Operation op) {
    return acl.check(path, op).allowed();
  }

  @Nested
  class EvaluationOrder {
    @Test
    void exactRule_isTheOnlyOneConsulted() {
      Acl acl = acl(rule("secret/foo", "read") + rule("secret/*", "update") + rule("secret/+", "delete"));
      assertThat(allows(acl, "secret/foo", Operation.READ)).isTrue();
      assertThat(allows(acl, "secret/foo", Operation.UPDATE)).isFalse();
      assertThat(allows(acl, "secret/foo", Operation.DELETE)).isFalse();
      assertThat(allows(acl, "secret/bar", Operation.DELETE)).isTrue();
    }

    @Test
    void list_fallsBackToTheExactRuleWithoutTheTrailingSlash() {
      Acl acl = acl(rule("secret/foo", "list", "read"));
      assertThat(allows(acl, "secret/foo/", Operation.LIST)).isTrue();
      assertThat(allows(acl, "secret/foo", Operation.LIST)).isTrue();
      assertThat(allows(acl, "secret/foo/", Operation.READ)).as("only LIST falls back").isFalse();
    }

    @Test
    void list_withTrailingSlash_triesTheNonExactRulesWithoutItFirst() {
      // "a/+" matches "a/b" but not "a/b/"; "a/b/*" matches "a/b/" but not "a/b".
      Acl acl = acl(rule("a/+", "list") + rule("a/b/*", "deny"));
      assertThat(allows(acl, "a/b/", Operation.LIST)).isTrue();
      assertThat(acl.capabilities("a/b/")).containsExactly(LIST);
      assertThat(allows(acl, "a/b/", Operation.READ)).isFalse();
      assertThat(allows(acl, "a/b/c", Operation.LIST)).isFalse();
    }

    @Test
    void list_withTrailingSlash_thenTriesThePathAsIs() {
      Acl acl = acl(rule("a/b/*", "list"));
      assertThat(allows(acl, "a/b/", Operation.LIST)).isTrue();
      assertThat(allows(acl, "a/b", Operation.LIST)).isFalse();
    }

    @Test
    void list_exactWithoutSlash_beatsNonExactWithSlash() {
      Acl acl = acl(rule("a/b", "list") + rule("a/b/*", "deny"));
      assertThat(allows(acl, "a/b/", Operation.LIST)).isTrue();
    }

    @Test
    void noRule_isDenied() {
      Acl acl = acl(rule("secret/*", "read"));
      AclDecision d = acl.check("other/x", Operation.READ);
      assertThat(d).isEqualTo(new AclDecision(false, false, false));
      assertThat(acl.capabilities("other/x")).isEmpty();
      assertThat(acl.capabilityNames("other/x")).containsExactly("deny");
    }

    @Test
    void leadingSlashesOfTheRequestPath_areIgnored() {
      Acl acl = acl(rule("secret/foo", "read"));
      assertThat(allows(acl, "/secret/foo", Operation.READ)).isTrue();
      assertThat(allows(acl, "///secret/foo", Operation.READ)).isTrue();
    }

    @Test
    void emptyPolicySet_deniesEverything() {
      Acl acl = Acl.of(List.of());
      assertThat(allows(acl, "", Operation.READ)).isFalse();
      assertThat(acl.isRoot()).isFalse();
      assertThat(acl.hasSudo("sys/raw")).isFalse();
    }
  }

  @Nested
  class PrefixRules {
    @Test
    void longestPrefixWins() {
      Acl acl = acl(rule("secret/*", "read") + rule("secret/team/*", "update"));
      assertThat(allows(acl, "secret/team/x", Operation.UPDATE)).isTrue();
      assertThat(allows(acl, "secret/team/x", Operation.READ)).isFalse();
      assertThat(allows(acl, "secret/other", Operation.READ)).isTrue();
      assertThat(allows(acl, "secret/teamx", Operation.READ)).isTrue();
    }

    @Test
    void prefixMatchesWithinASegment_andNeedsItsWholeKey() {
      Acl acl = acl(rule("secret/fo*", "read"));
      assertThat(allows(acl, "secret/fo", Operation.READ)).isTrue();
      assertThat(allows(acl, "secret/foo/bar", Operation.READ)).isTrue();
      assertThat(allows(acl, "secret/f", Operation.READ)).isFalse();
      assertThat(allows(acl(rule("secret/*", "read")), "secret", Operation.READ)).isFalse();
    }

    @Test
    void loneStar_matchesEverything() {
      Acl acl = acl(rule("*", "read"));
      assertThat(allows(acl, "", Operation.READ)).isTrue();
      assertThat(allows(acl, "any/path/at/all", Operation.READ)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"abx,ab", "abcd,abc", "abc,abc", "abd/e,abd", "ac,a", "a,a", "b/c,b/", "b,''",
        "c,''", "zz,''", "ab,ab", "aaa,a"})
    void longestOfManyNestedPrefixes(String path, String expectedKey) {
      List<String> keys = List.of("", "a", "ab", "abc", "abd", "b/", "b/cx", "c/");
      StringBuilder text = new StringBuilder();
      for (String k : keys) {
        text.append("path \"").append(k).append("*\" {\n  capabilities = [\"read\"]\n  ")
            .append("required_parameters = [\"").append(k.isEmpty() ? "root" : k).append("\"]\n}\n");
      }
      // Each rule requires a parameter named after its key, so the answer tells which rule won.
      Acl acl = acl(text.toString());
      String param = expectedKey.isEmpty() ? "root" : expectedKey;
      assertThat(acl.check(path, Operation.READ, Map.of(param, "x"), false).allowed()).isTrue();
      for (String other : keys) {
        String p = other.isEmpty() ? "root" : other;
        if (!p.equals(param)) {
          assertThat(acl.check(path, Operation.READ, Map.of(p, "x"), false).allowed())
              .as("%s decided by %s, not %s", path, expectedKey, other).isFalse();
        }
      }
    }
  }

  @Nested
  class SegmentWildcards {
    @Test
    void plus_matchesExactlyOneSegment_evenAnEmptyOne() {
      Acl acl = acl(rule("a/+/c", "read"));
      assertThat(allows(acl, "a/b/c", Operation.READ)).isTrue();
      assertThat(allows(acl, "a//c", Operation.READ)).isTrue();
      assertThat(allows(acl, "a/b/x/c", Operation.READ)).isFalse();
      assertThat(allows(acl, "a/c", Operation.READ)).isFalse();
      assertThat(allows(acl, "a/b/c/", Operation.READ)).isFalse();
      assertThat(allows(acl, "a/b/cd", Operation.READ)).isFalse();
    }

    @Test
    void plusWithGlob_globsOnlyTheLastSegmentAndWhatFollows() {
      Acl acl = acl(rule("a/+/c*", "read"));
      assertThat(allows(acl, "a/b/c", Operation.READ)).isTrue();
      assertThat(allows(acl, "a/b/cd", Operation.READ)).isTrue();
      assertThat(allows(acl, "a/b/cd/e/f", Operation.READ)).isTrue();
      assertThat(allows(acl, "a/b/d", Operation.READ)).isFalse();
      assertThat(allows(acl, "a/b", Operation.READ)).isFalse();
    }

    @Test
    void plusThenSlashStar_needsTheSlash() {
      Acl acl = acl(rule("a/+/*", "read"));
      assertThat(allows(acl, "a/b/", Operation.READ)).isTrue();
      assertThat(allows(acl, "a/b/x/y", Operation.READ)).isTrue();
      assertThat(allows(acl, "a/b", Operation.READ)).isFalse();
    }

    @Test
    void leadingAndLonePlus() {
      Acl acl = acl(rule("+", "read") + rule("+/b", "update"));
      assertThat(allows(acl, "x", Operation.READ)).isTrue();
      assertThat(allows(acl, "x/y", Operation.READ)).isFalse();
      assertThat(allows(acl, "a/b", Operation.UPDATE)).isTrue();
    }

    @Test
    void plusInsideASegment_isLiteral() {
      Acl acl = acl(rule("a/+b", "read"));
      assertThat(allows(acl, "a/+b", Operation.READ)).isTrue();
      assertThat(allows(acl, "a/xb", Operation.READ)).isFalse();
    }
  }

  /** 11.3's priority among non-exact matches, with the examples from Vault's own comments. */
  @Nested
  class Priority {
    private void winner(String path, String better, String worse) {
      // Both orders of the rules, and the rules in separate policies, must agree.
      for (Acl acl : List.of(acl(rule(better, "read") + rule(worse, "update")),
          acl(rule(worse, "update") + rule(better, "read")),
          acl(rule(worse, "update"), rule(better, "read")))) {
        assertThat(allows(acl, path, Operation.READ)).as("%s beats %s on %s", better, worse, path)
            .isTrue();
        assertThat(allows(acl, path, Operation.UPDATE)).isFalse();
      }
      // Each alone matches the path, so the other really lost.
      assertThat(allows(acl(rule(worse, "update")), path, Operation.UPDATE)).isTrue();
    }

    @Test
    void laterFirstWildcard_wins() {
      winner("foo/ab", "foo/a*", "foo/+");
      winner("foo/bar/bar/baz", "foo/bar/+/baz", "foo/+/bar/baz");
      winner("foo/bar/baz", "foo/bar/ba*", "foo/+/baz");
    }

    @Test
    void atTheSamePosition_nonPrefixBeatsPrefix() {
      winner("foo/x/bar", "foo/+/bar", "foo/+/ba*");
      winner("foo/x", "foo/+", "foo/*");
      winner("foo/y/x", "foo/+/x", "foo/*");
    }

    @Test
    void thenFewerPlusSegments_win() {
      winner("foo/x/bar/baz", "foo/+/bar/baz", "foo/+/+/baz");
    }

    @Test
    void thenLonger_wins() {
      winner("foo/x/bar/baz", "foo/+/bar/ba*", "foo/+/bar/b*");
    }

    @Test
    void thenLexicographicallyLarger_wins() {
      // Same first '+', neither a prefix, two '+' each, same length: 'b' > '+'.
      winner("a/x/b/c", "a/+/b/+", "a/+/+/c");
    }

    @Test
    void longestPrefix_competesWithThePlusRules() {
      // "foo/+" ranks above "foo/*" but below "foo/ba*"; "foo/ba*" is the longest prefix.
      Acl acl = acl(rule("foo/*", "delete") + rule("foo/ba*", "read") + rule("foo/+", "update"));
      assertThat(allows(acl, "foo/bar", Operation.READ)).isTrue();
      assertThat(allows(acl, "foo/xyz", Operation.UPDATE)).isTrue();
      assertThat(allows(acl, "foo/xyz/1", Operation.DELETE)).isTrue();
    }

    @Test
    void ranking_isTheDocumentedOrder() {
      List<Acl.Rank> ranks = new ArrayList<>(List.of(
          new Acl.Rank(4, false, 1, 8, "foo/+/ab"),
          new Acl.Rank(4, false, 1, 8, "foo/+/aa"),
          new Acl.Rank(4, false, 1, 7, "foo/+/a"),
          new Acl.Rank(4, false, 2, 9, "foo/+/+/a"),
          new Acl.Rank(4, true, 0, 4, "foo/"),
          new Acl.Rank(2, false, 0, 3, "a/b")));
      Collections.shuffle(ranks, new java.util.Random(7));
      ranks.sort(Acl.RANK);
      assertThat(ranks).extracting(Acl.Rank::path)
          .containsExactly("a/b", "foo/", "foo/+/+/a", "foo/+/a", "foo/+/aa", "foo/+/ab");
    }
  }

  @Nested
  class MergingAndDeny {
    @Test
    void samePathString_inSeveralPolicies_joins() {
      Acl acl = acl(rule("secret/*", "read"), rule("secret/*", "list"));
      assertThat(acl.capabilities("secret/x")).containsExactlyInAnyOrder(READ, LIST);
    }

    @Test
    void denyOnTheSamePathString_wins_inEitherOrder() {
      assertThat(acl(rule("secret/*", "read"), rule("secret/*", "deny")).capabilities("secret/x"))
          .containsExactly(DENY);
      assertThat(acl(rule("secret/*", "deny"), rule("secret/*", "read", "sudo")).capabilities("secret/x"))
          .containsExactly(DENY);
      assertThat(acl(rule("a", "read") + rule("a", "deny") + rule("a", "update")).capabilities("a"))
          .containsExactly(DENY);
      Acl denied = acl(rule("a/+", "sudo", "read"), rule("a/+", "deny"));
      assertThat(denied.check("a/b", Operation.READ)).isEqualTo(new AclDecision(false, false, false));
      assertThat(denied.capabilityNames("a/b")).containsExactly("deny");
    }

    @Test
    void denyOnALessSpecificRule_doesNotOverrideAMoreSpecificAllow() {
      Acl acl = acl(rule("secret/*", "deny"), rule("secret/foo", "read") + rule("secret/+/x", "read"));
      assertThat(allows(acl, "secret/foo", Operation.READ)).isTrue();
      assertThat(allows(acl, "secret/y/x", Operation.READ)).isTrue();
      assertThat(allows(acl, "secret/bar", Operation.READ)).isFalse();
    }

    @Test
    void denyOnAMoreSpecificRule_wins() {
      Acl acl = acl(rule("secret/*", "read"), rule("secret/admin/*", "deny"));
      assertThat(allows(acl, "secret/admin/x", Operation.READ)).isFalse();
      assertThat(allows(acl, "secret/x", Operation.READ)).isTrue();
    }

    @Test
    void exactAndGlobOfTheSameText_areDifferentPathStrings() {
      Acl acl = acl(rule("secret/", "deny") + rule("secret/*", "read"));
      assertThat(allows(acl, "secret/", Operation.READ)).isFalse();
      assertThat(allows(acl, "secret/x", Operation.READ)).isTrue();
      Acl plus = acl(rule("a/+/b", "deny") + rule("a/+/b*", "read"));
      assertThat(allows(plus, "a/x/b", Operation.READ)).isFalse();
      assertThat(allows(plus, "a/x/bc", Operation.READ)).isTrue();
    }

    @Test
    void leadingSlashInTheRule_isTheSamePathString() {
      Acl acl = acl(rule("/secret/*", "read"), rule("secret/*", "deny"));
      assertThat(acl.capabilities("secret/x")).containsExactly(DENY);
    }

    @Test
    void oldShorthand_mergesLikeCapabilities() {
      Acl acl = acl("path \"a/*\" { policy = \"read\" }", rule("a/*", "update"));
      assertThat(acl.capabilities("a/b")).containsExactlyInAnyOrder(READ, LIST, UPDATE);
    }

    @Test
    void ruleThatGrantsNothing_stillDecides() {
      Acl acl = acl(rule("secret/*", "read") + "path \"secret/x\" {\n}\n");
      assertThat(allows(acl, "secret/x", Operation.READ)).isFalse();
      assertThat(acl.capabilityNames("secret/x")).containsExactly("deny");
    }

    @Test
    void templatedRules_neverMatch_forTokensHaveNoEntity() {
      Acl acl = acl(rule("identity/entity/id/{{identity.entity.id}}", "read")
          + rule("identity/entity/id/*", "list"));
      assertThat(allows(acl, "identity/entity/id/{{identity.entity.id}}", Operation.READ)).isFalse();
      assertThat(acl.capabilities("identity/entity/id/abc")).containsExactly(LIST);
    }
  }

  @Nested
  class Root {
    @Test
    void rootAllowsEverything_withSudo() {
      Acl acl = Acl.of(Policy.root());
      assertThat(acl).isSameAs(Acl.root());
      assertThat(acl.isRoot()).isTrue();
      for (Operation op : Operation.values()) {
        assertThat(acl.check("sys/raw/x", op, Map.of("a", 1), true))
            .isEqualTo(new AclDecision(true, true, true));
      }
      assertThat(acl.hasSudo("anything")).isTrue();
      assertThat(acl.capabilities("x")).containsExactly(Capability.ROOT);
      assertThat(acl.capabilityNames("x")).containsExactly("root");
    }

    @Test
    void rootWithOthers_isRefused() {
      assertThatThrownBy(() -> Acl.of(Policy.root(), DefaultPolicy.policy()))
          .isInstanceOfSatisfying(LeaseholdException.class,
              e -> assertThat(e.kind()).isEqualTo(LeaseholdException.Kind.INVALID_ARGUMENT))
          .hasMessage("other policies present along with root");
      assertThatThrownBy(() -> Acl.of(Policy.root(), Policy.root()))
          .hasMessage("other policies present along with root");
    }

    @Test
    void aPolicyNamedRoot_isRootWhateverItsText() {
      assertThat(Acl.of(PolicyParser.parse("root", rule("x", "deny"))).isRoot()).isTrue();
    }
  }

  @Nested
  class Sudo {
    @Test
    void sudoRequired_needsSudoOnTheDecidingRule() {
      Acl acl = acl(rule("auth/token/accessors/", "list") + rule("sys/auth/*", "read", "sudo"));
      assertThat(acl.check("auth/token/accessors/", Operation.LIST, Map.of(), true))
          .isEqualTo(new AclDecision(false, false, false));
      assertThat(acl.check("auth/token/accessors/", Operation.LIST, Map.of(), false).allowed()).isTrue();
      assertThat(acl.check("sys/auth/token/tune", Operation.READ, Map.of(), true))
          .isEqualTo(new AclDecision(true, true, false));
    }

    @Test
    void sudoAlone_grantsNoOperation_butIsReported() {
      Acl acl = acl(rule("sys/rotate", "sudo"));
      assertThat(acl.check("sys/rotate", Operation.UPDATE, Map.of(), true))
          .isEqualTo(new AclDecision(false, true, false));
      assertThat(acl.hasSudo("sys/rotate")).isTrue();
    }

    @Test
    void hasSudo_matchesAsARead_capabilitiesAsAList() {
      Acl acl = acl(rule("a", "sudo", "list"));
      assertThat(acl.hasSudo("a")).isTrue();
      assertThat(acl.hasSudo("a/")).isFalse();
      assertThat(acl.capabilities("a/")).containsExactlyInAnyOrder(SUDO, LIST);
    }
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void eachOperation_needsTheCapabilityOfTheSameName(Operation op) {
    Acl acl = acl(rule("p", op.capability()));
    for (Operation other : Operation.values()) {
      assertThat(allows(acl, "p", other)).as("%s with %s", other, op).isEqualTo(other == op);
    }
    assertThat(Capability.of(op).text()).isEqualTo(op.capability());
  }

  @Test
  void capabilityNames_inVaultsOrder() {
    Acl acl = acl(rule("a", "patch", "create", "delete", "update", "list", "read", "sudo"));
    assertThat(acl.capabilityNames("a"))
        .containsExactly("sudo", "read", "list", "update", "delete", "create", "patch");
  }

  @Test
  void wrappingTtl_deniesBecauseNoRequestIsWrapped() {
    Acl acl = acl("path \"a\" {\n capabilities = [\"read\", \"update\"]\n max_wrapping_ttl = \"1h\"\n}");
    assertThat(allows(acl, "a", Operation.READ)).isFalse();
    assertThat(acl.capabilities("a")).containsExactlyInAnyOrder(READ, UPDATE);
    Acl min = acl("path \"a\" {\n capabilities = [\"read\"]\n min_wrapping_ttl = 60\n}");
    assertThat(allows(min, "a", Operation.READ)).isFalse();
  }

  @Test
  void wrappingTtls_mergeToTheSmaller_andAContradictionDenies() {
    // min 2h from one policy, max 1h from another: max < min after merging.
    Acl acl = acl("path \"a\" {\n capabilities = [\"read\"]\n min_wrapping_ttl = \"2h\"\n}",
        "path \"a\" {\n capabilities = [\"read\"]\n max_wrapping_ttl = \"1h\"\n}");
    assertThat(allows(acl, "a", Operation.READ)).isFalse();
  }

  @Test
  void decisions_areShared_notAllocatedPerCheck() {
    Acl acl = acl(rule("a", "read"));
    assertThat(acl.check("a", Operation.READ)).isSameAs(acl.check("a", Operation.READ));
  }

  @Test
  void pathRuleOf_buildsRulesWithoutText() {
    Acl acl = Acl.of(new Policy("code", "", List.of(PathRule.of("/x/+/y*", READ, DENY),
        PathRule.of("z/*", UPDATE))));
    assertThat(acl.capabilities("x/1/yy")).containsExactly(DENY);
    assertThat(acl.capabilities("z/q")).containsExactly(UPDATE);
  }
}
