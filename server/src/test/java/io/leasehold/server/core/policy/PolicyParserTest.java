package io.leasehold.server.core.policy;

import static io.leasehold.server.core.policy.Capability.CREATE;
import static io.leasehold.server.core.policy.Capability.DELETE;
import static io.leasehold.server.core.policy.Capability.DENY;
import static io.leasehold.server.core.policy.Capability.LIST;
import static io.leasehold.server.core.policy.Capability.PATCH;
import static io.leasehold.server.core.policy.Capability.READ;
import static io.leasehold.server.core.policy.Capability.SUDO;
import static io.leasehold.server.core.policy.Capability.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.hcl.HclAttribute;
import io.leasehold.hcl.HclBlock;
import io.leasehold.hcl.HclBody;
import io.leasehold.hcl.HclValue;
import io.leasehold.hcl.Position;
import io.leasehold.server.core.LeaseholdException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyParserTest {

  private static PathRule only(String text) {
    Policy p = PolicyParser.parse("p", text);
    assertThat(p.rules()).hasSize(1);
    return p.rules().get(0);
  }

  private static void refused(String text, String message) {
    assertThatThrownBy(() -> PolicyParser.parse("p", text))
        .isInstanceOfSatisfying(LeaseholdException.class, e -> {
          assertThat(e.kind()).isEqualTo(LeaseholdException.Kind.INVALID_ARGUMENT);
          assertThat(e.reason()).isEqualTo(PolicyParser.REASON);
        })
        .hasMessage(message);
  }

  // ---- HCL and JSON inputs -------------------------------------------------------------------

  @Test
  void hcl_pathBlocks_inSourceOrder_withNameAndRaw() {
    String text = """
        # comment
        path "secret/*" {
          capabilities = ["read", "list"]
        }
        path "auth/token/create" {
          capabilities = ["update", "sudo"]
        }
        """;
    Policy p = PolicyParser.parse("dev", text);
    assertThat(p.name()).isEqualTo("dev");
    assertThat(p.raw()).isEqualTo(text);
    assertThat(p.rules()).extracting(PathRule::pattern)
        .containsExactly("secret/*", "auth/token/create");
    assertThat(p.rules().get(0).capabilities()).containsExactlyInAnyOrder(READ, LIST);
    assertThat(p.rules().get(1).capabilities()).containsExactlyInAnyOrder(UPDATE, SUDO);
  }

  @Test
  void json_sameShapeAsVault() {
    Policy p = PolicyParser.parse("j", """
        {"path": {"secret/*": {"capabilities": ["read"]},
                  "sys/tools/hash": {"capabilities": ["update"], "comment": "anything"}}}""");
    assertThat(p.rules()).extracting(PathRule::pattern).containsExactly("secret/*", "sys/tools/hash");
    assertThat(p.rules().get(0).capabilities()).containsExactly(READ);
  }

  @Test
  void json_leadingWhitespace_andPathAsListOfObjects() {
    Policy p = PolicyParser.parse("j", """

          {"path": [{"a": {"capabilities": ["read"]}}, {"b/*": {"policy": "write"}}]}
        """);
    assertThat(p.rules()).extracting(PathRule::pattern).containsExactly("a", "b/*");
    assertThat(p.rules().get(1).capabilities())
        .containsExactlyInAnyOrder(CREATE, READ, UPDATE, DELETE, LIST);
  }

  @Test
  void hclAndJson_giveTheSameRules() {
    Policy hcl = PolicyParser.parse("x", """
        path "kv/+/data/*" {
          capabilities = ["create", "patch"]
          allowed_parameters = {
            "Color" = ["red", "b*"]
            "*" = []
          }
          denied_parameters {
            owner = [1, true, ["x"]]
          }
          required_parameters = ["color"]
          min_wrapping_ttl = "1m"
          max_wrapping_ttl = 3600
        }
        """);
    Policy json = PolicyParser.parse("x", """
        {"path": {"kv/+/data/*": {
          "capabilities": ["create", "patch"],
          "allowed_parameters": {"Color": ["red", "b*"], "*": []},
          "denied_parameters": {"owner": [1, true, ["x"]]},
          "required_parameters": ["color"],
          "min_wrapping_ttl": "1m",
          "max_wrapping_ttl": 3600}}}""");
    assertThat(json.rules()).isEqualTo(hcl.rules());
    PathRule r = hcl.rules().get(0);
    assertThat(r.kind()).isEqualTo(PathRule.Kind.SEGMENT_WILDCARD);
    assertThat(r.isGlob()).isTrue();
    assertThat(r.capabilities()).containsExactlyInAnyOrder(CREATE, PATCH);
    assertThat(r.allowedParameters()).containsOnlyKeys("color", "*");
    assertThat(r.allowedParameters().get("color")).containsExactly("red", "b*");
    assertThat(r.deniedParameters().get("owner"))
        .containsExactly(new BigDecimal("1"), true, List.of("x"));
    assertThat(r.requiredParameters()).containsExactly("color");
    assertThat(r.minWrappingTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(r.maxWrappingTtl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void emptyText_isAPolicyWithNoRules() {
    assertThat(PolicyParser.parse("e", "").rules()).isEmpty();
    assertThat(PolicyParser.parse("e", "# nothing\n").rules()).isEmpty();
    assertThat(PolicyParser.parse("e", "{}").rules()).isEmpty();
  }

  @Test
  void topLevelName_isAcceptedAndIgnored_asVault() {
    Policy p = PolicyParser.parse("real", "name = \"other\"\npath \"a\" { capabilities = [\"read\"] }");
    assertThat(p.name()).isEqualTo("real");
    assertThat(p.rules()).hasSize(1);
  }

  @Test
  void fromBody_handBuiltTree() {
    Position at = new Position(1, 1);
    HclBody body = new HclBody(List.of(), List.of(new HclBlock("path", List.of("/x/*"),
        new HclBody(List.of(new HclAttribute("capabilities",
            new HclValue.ListValue(List.of(new HclValue.Str("read", at)), at), at)), List.of()),
        at)));
    PathRule r = PolicyParser.fromBody("t", "", body).rules().get(0);
    assertThat(r).isEqualTo(PathRule.of("x/*", READ));
  }

  // ---- paths ---------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
      "secret/foo,       secret/foo,       EXACT",
      "/secret/foo,      secret/foo,       EXACT",
      "secret/*,         secret/*,         PREFIX",
      "secret/fo*,       secret/fo*,       PREFIX",
      "*,                *,                PREFIX",
      "+,                +,                SEGMENT_WILDCARD",
      "+/a,              +/a,              SEGMENT_WILDCARD",
      "a/+,              a/+,              SEGMENT_WILDCARD",
      "a/+/b*,           a/+/b*,           SEGMENT_WILDCARD",
      "a/+/*,            a/+/*,            SEGMENT_WILDCARD",
      "a/+b,             a/+b,             SEGMENT_WILDCARD",
      "a+/b,             a+/b,             EXACT",
      "a/*/b,            a/*/b,            EXACT",
  })
  void pathKinds_asVaultClassifiesThem(String written, String pattern, PathRule.Kind kind) {
    PathRule r = only("path \"" + written + "\" { capabilities = [\"read\"] }");
    assertThat(r.pattern()).isEqualTo(pattern);
    assertThat(r.kind()).isEqualTo(kind);
  }

  @Test
  void onlyOneLeadingSlashIsStripped() {
    assertThat(only("path \"//a\" { capabilities = [\"read\"] }").pattern()).isEqualTo("/a");
  }

  @Test
  void prefixKey_lacksTheGlob_otherKeysArePatterns() {
    assertThat(PathRule.of("a/b*").key()).isEqualTo("a/b");
    assertThat(PathRule.of("a/+/b*").key()).isEqualTo("a/+/b*");
    assertThat(PathRule.of("a/b").key()).isEqualTo("a/b");
  }

  @Test
  void duplicatePathBlocks_areKept_forTheAclToMerge() {
    Policy p = PolicyParser.parse("d", """
        path "a" { capabilities = ["read"] }
        path "a" { capabilities = ["list"] }
        """);
    assertThat(p.rules()).hasSize(2);
    assertThat(Acl.of(p).capabilities("a")).containsExactlyInAnyOrder(READ, LIST);
  }

  @Test
  void templatedPath_isMarked() {
    PathRule r = only("path \"identity/entity/id/{{identity.entity.id}}\" { capabilities = [\"read\"] }");
    assertThat(r.templated()).isTrue();
    assertThat(PolicyParser.parse("t", "path \"a\" {\n}").templated()).isFalse();
  }

  // ---- capabilities and the old shorthand ----------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "deny  | DENY",
      "read  | READ,LIST",
      "write | CREATE,READ,UPDATE,DELETE,LIST",
      "sudo  | CREATE,READ,UPDATE,DELETE,LIST,SUDO",
  })
  void oldPolicyShorthand(String policy, String expected) {
    PathRule r = only("path \"a\" { policy = \"" + policy + "\" }");
    assertThat(r.capabilities()).containsExactlyInAnyOrderElementsOf(
        java.util.Arrays.stream(expected.split(",")).map(Capability::valueOf).toList());
  }

  @Test
  void shorthandAndCapabilities_union() {
    assertThat(only("path \"a\" {\n policy = \"read\"\n capabilities = [\"patch\"]\n}").capabilities())
        .containsExactlyInAnyOrder(READ, LIST, PATCH);
  }

  @Test
  void shorthandDeny_replacesCapabilities() {
    assertThat(only("path \"a\" {\n policy = \"deny\"\n capabilities = [\"read\"]\n}").capabilities())
        .containsExactly(DENY);
  }

  @Test
  void emptyShorthand_isIgnored() {
    assertThat(only("path \"a\" {\n policy = \"\"\n capabilities = [\"read\"]\n}").capabilities())
        .containsExactly(READ);
  }

  @Test
  void deny_discardsEverythingElseInTheBlock() {
    PathRule r = only("""
        path "a" {
          capabilities = ["read", "deny", "update"]
          allowed_parameters = { x = [] }
          min_wrapping_ttl = "1h"
        }
        """);
    assertThat(r.capabilities()).containsExactly(DENY);
    assertThat(r.denies()).isTrue();
    assertThat(r.allowedParameters()).isEmpty();
    assertThat(r.minWrappingTtl()).isZero();
  }

  @Test
  void afterDeny_nothingIsChecked_asVault() {
    // Vault stops reading the list at "deny", so what follows is not validated either.
    assertThat(only("path \"a\" {\n capabilities = [\"deny\", \"bogus\"]\n max_wrapping_ttl = \"x\"\n}")
        .capabilities()).containsExactly(DENY);
  }

  @Test
  void allEightCapabilities() {
    assertThat(only("path \"a\" { capabilities = [\"create\", \"read\", \"update\", \"patch\", "
        + "\"delete\", \"list\", \"sudo\"] }").capabilities())
        .containsExactlyInAnyOrder(CREATE, READ, UPDATE, PATCH, DELETE, LIST, SUDO);
  }

  @Test
  void noCapabilities_isARuleThatGrantsNothing() {
    assertThat(only("path \"a\" {\n}").capabilities()).isEmpty();
  }

  // ---- wrapping TTLs -------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({"'\"90\"',90", "90,90", "'\"1h30m\"',5400", "'\"2d\"',172800", "'\"1.5s\"',1.5",
      "'\"\"',0", "0.5,0.5"})
  void wrappingTtl_formsOfParseDurationSecond(String written, BigDecimal seconds) {
    PathRule r = only("path \"a\" {\n capabilities = [\"read\"]\n max_wrapping_ttl = " + written + "\n}");
    assertThat(r.maxWrappingTtl()).isEqualTo(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
  }

  @Test
  void equalWrappingTtls_areFine() {
    PathRule r = only("path \"a\" {\n min_wrapping_ttl = \"1h\"\n max_wrapping_ttl = 3600\n}");
    assertThat(r.minWrappingTtl()).isEqualTo(r.maxWrappingTtl());
  }

  // ---- every refusal -------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a/+*          | a/+*",
      "/a/+*/b       | a/+*/b",
      "+*            | +*",
  })
  void plusStar_isForbidden(String written, String quoted) {
    refused("path \"" + written + "\" { capabilities = [\"read\"] }",
        "failed to parse policy: path \"" + quoted + "\": invalid use of wildcards ('+*' is forbidden)");
  }

  @Test
  void invalidOldPolicy_namesThePathAsWritten() {
    refused("path \"/secret/*\" { policy = \"admin\" }",
        "failed to parse policy: path \"/secret/*\": invalid policy \"admin\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscribe", "recover", "scan", "root", "Read", "", "write"})
  void invalidCapability(String cap) {
    refused("path \"secret/*\" { capabilities = [\"read\", \"" + cap + "\"] }",
        "failed to parse policy: path \"secret/*\": invalid capability \"" + cap + "\"");
  }

  @Test
  void invalidCapability_quotesLikeGo() {
    refused("path \"a\\tb\" { capabilities = [\"x\\\"y\"] }",
        "failed to parse policy: path \"a\\tb\": invalid capability \"x\\\"y\"");
  }

  @Test
  void wrappingTtls_maxBelowMin() {
    refused("path \"a\" {\n min_wrapping_ttl = \"2h\"\n max_wrapping_ttl = \"1h\"\n}",
        "failed to parse policy: max_wrapping_ttl cannot be less than min_wrapping_ttl");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "min_wrapping_ttl = \"abc\"   | error parsing min_wrapping_ttl: time: invalid duration \"abc\"",
      "max_wrapping_ttl = \"5x\"    | error parsing max_wrapping_ttl: time: unknown unit \"x\" in duration \"5x\"",
      "max_wrapping_ttl = \"1.5d\"  | error parsing max_wrapping_ttl: strconv.ParseInt: parsing \"1.5\": invalid syntax",
      "min_wrapping_ttl = true      | error parsing min_wrapping_ttl: could not parse duration from input",
      "min_wrapping_ttl = [\"1h\"]  | error parsing min_wrapping_ttl: could not parse duration from input",
  })
  void wrappingTtl_unparseable(String line, String detail) {
    refused("path \"a\" {\n " + line + "\n}", "failed to parse policy: " + detail);
  }

  @Test
  void unknownTopLevelKey_namesItAndItsLine() {
    refused("path \"a\" { capabilities = [\"read\"] }\nfoo = \"bar\"",
        "failed to parse policy: invalid key \"foo\" on line 2");
    refused("\n\nkey \"x\" {\n}", "failed to parse policy: invalid key \"key\" on line 3");
    refused("{\"path\": {}, \"paths\": {}}", "failed to parse policy: invalid key \"paths\" on line 1");
  }

  @Test
  void unknownTopLevelKey_firstInSourceOrderIsNamed() {
    refused("x \"a\" {\n}\ny = 1", "failed to parse policy: invalid key \"x\" on line 1");
  }

  @Test
  void topLevelName_mustBeAString() {
    refused("name = 5", "failed to parse policy: name must be a string, on line 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mfa_methods", "control_group", "Capabilities", "capability", "paths"})
  void unknownKeyInPath_namesPathKeyAndLine(String key) {
    refused("path \"secret/*\" {\n  capabilities = [\"read\"]\n  " + key + " = []\n}",
        "failed to parse policy: path \"secret/*\": invalid key \"" + key + "\" on line 3");
  }

  @Test
  void unknownBlockInPath() {
    refused("path \"a\" {\n  control_group {\n  }\n}",
        "failed to parse policy: path \"a\": invalid key \"control_group\" on line 2");
  }

  @Test
  void duplicateKeyInPath() {
    refused("path \"a\" {\n capabilities = [\"read\"]\n capabilities = [\"list\"]\n}",
        "failed to parse policy: path \"a\": duplicate key \"capabilities\" on line 3");
    refused("{\"path\": {\"a\": {\"policy\": \"read\", \"policy\": \"write\"}}}",
        "failed to parse policy: path \"a\": duplicate key \"policy\" on line 1");
  }

  @Test
  void pathBlock_needsExactlyOneLabel() {
    refused("path {\n capabilities = [\"read\"]\n}",
        "failed to parse policy: a path block takes exactly one label, the path "
            + "(path \"secret/*\" { ... }), on line 1");
    refused("\npath \"a\" \"b\" {\n}",
        "failed to parse policy: a path block takes exactly one label, the path "
            + "(path \"secret/*\" { ... }), on line 2");
  }

  @Test
  void pathAsAttribute_isRefused() {
    refused("path = \"a\"", "failed to parse policy: invalid key \"path\" on line 1");
  }

  @Test
  void valueShapes_areChecked() {
    refused("path \"a\" {\n capabilities = \"read\"\n}",
        "failed to parse policy: path \"a\": capabilities must be a list of strings, on line 2");
    refused("path \"a\" {\n capabilities = [\"read\", 1]\n}",
        "failed to parse policy: path \"a\": capabilities must be a list of strings, on line 2");
    refused("path \"a\" {\n policy = [\"read\"]\n}",
        "failed to parse policy: path \"a\": policy must be a string, on line 2");
    refused("path \"a\" {\n required_parameters = \"x\"\n}",
        "failed to parse policy: path \"a\": required_parameters must be a list of strings, on line 2");
    refused("path \"a\" {\n allowed_parameters = [\"x\"]\n}",
        "failed to parse policy: path \"a\": allowed_parameters must be an object of parameter "
            + "names to lists of values, on line 2");
    refused("path \"a\" {\n allowed_parameters = {\n  x = \"y\"\n }\n}",
        "failed to parse policy: path \"a\": allowed_parameters: parameter \"x\" must be a list of "
            + "values, on line 3");
    refused("path \"a\" {\n denied_parameters = {\n  x = [{ y = 1 }]\n }\n}",
        "failed to parse policy: path \"a\": denied_parameters: values must be strings, numbers, "
            + "booleans or lists, on line 3");
    refused("path \"a\" {\n allowed_parameters {\n  x {\n  }\n }\n}",
        "failed to parse policy: path \"a\": allowed_parameters: parameter \"x\" must be a list of "
            + "values, on line 3");
    refused("path \"a\" {\n allowed_parameters \"x\" {\n }\n}",
        "failed to parse policy: path \"a\": allowed_parameters takes no label, on line 2");
    refused("path \"a\" {\n allowed_parameters = {\n  X = []\n  x = [\"1\"]\n }\n}",
        "failed to parse policy: path \"a\": allowed_parameters: duplicate parameter \"x\" on line 4");
  }

  @Test
  void templating_mustBeBalanced() {
    for (String path : List.of("a/{{identity.entity.id", "a/}}", "a/{{x}}}}", "a/{{x{{y}}")) {
      refused("path \"" + path + "\" { capabilities = [\"read\"] }",
          "failed to parse policy: failed to validate policy templating: unbalanced templating characters");
    }
  }

  @Test
  void hclSyntaxError_isLineColonColumn() {
    assertThatThrownBy(() -> PolicyParser.parse("p", "path \"a\" {\n  capabilities = [\"read\"\n}"))
        .isInstanceOf(LeaseholdException.class)
        .hasMessageStartingWith("failed to parse policy: ")
        .hasMessageMatching("failed to parse policy: \\d+:\\d+: .+");
  }

  @Test
  void jsonSyntaxErrors_areLineColonColumn() {
    for (String text : List.of("{\"path\": {\"a\": {\"capabilities\": [\"read\"}}}", "{\"path\": ",
        "{} {}", "{\"path\": {\"a\": {\"capabilities\": null}}}", "{\"path\": \"a\"}",
        "{\"path\": {\"a\": [\"read\"]}}", "{\"path\": [\"a\"]}", "{ // c\n}")) {
      assertThatThrownBy(() -> PolicyParser.parse("p", text))
          .as(text)
          .isInstanceOf(LeaseholdException.class)
          .hasMessageMatching("failed to parse policy: \\d+:\\d+: .+");
    }
  }

  @Test
  void jsonErrors_sayWhatIsWrong() {
    refused("{\"path\": {\"a\": {\"capabilities\": null}}}",
        "failed to parse policy: 1:33: null is not allowed in a policy");
    refused("{\"path\": {\"a\": [\"read\"]}}",
        "failed to parse policy: 1:16: path \"a\" must map to an object of settings");
    refused("{} []", "failed to parse policy: 1:4: unexpected content after the policy object");
    refused("{\"path\": {\"a\": {\"capabilities\": [\"read\"}}}",
        "failed to parse policy: 1:40: Unexpected close marker '}': expected ']' "
            + "(for Array starting at 1:33)");
  }

  @Test
  void parsedRule_valuesAreImmutable() {
    PathRule r = only("path \"a\" {\n allowed_parameters = { x = [\"1\"] }\n}");
    assertThatThrownBy(() -> r.allowedParameters().put("y", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.allowedParameters().get("x").add("2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.allowedParameters()).isEqualTo(Map.of("x", List.of("1")));
  }
}
