package io.leasehold.server.core.policy;

import static io.leasehold.server.core.policy.AclTest.acl;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.core.request.Operation;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** allowed_parameters, denied_parameters and required_parameters, as Vault's acl.go checks them. */
class ParameterRulesTest {

  private static Acl acl1(String body) {
    return acl("path \"p\" {\n  capabilities = [\"create\", \"read\", \"update\", \"patch\", \"delete\", \"list\"]\n"
        + body + "\n}\n");
  }

  private static boolean allows(Acl acl, Object... keyValues) {
    return allows(acl, Operation.UPDATE, keyValues);
  }

  private static boolean allows(Acl acl, Operation op, Object... keyValues) {
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put((String) keyValues[i], keyValues[i + 1]);
    }
    return acl.check("p", op, params, false).allowed();
  }

  @Test
  void required_mustBePresent_andNoDataIsOtherwiseFine() {
    Acl acl = acl1("required_parameters = [\"name\"]");
    assertThat(allows(acl)).isFalse();
    assertThat(allows(acl, "other", "x")).isFalse();
    assertThat(allows(acl, "name", "")).isTrue();
    assertThat(acl.check("p", Operation.UPDATE, null, false).allowed()).isFalse();
  }

  @Test
  void required_nameIsLowerCased_requestKeyIsTakenAsIs() {
    Acl acl = acl1("required_parameters = [\"Name\"]");
    assertThat(allows(acl, "name", "x")).isTrue();
    assertThat(allows(acl, "Name", "x")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = Operation.class, names = {"DELETE", "LIST"})
  void deleteAndList_areNotCheckedAgainstParameters(Operation op) {
    Acl acl = acl1("required_parameters = [\"name\"]\ndenied_parameters = { \"*\" = [] }");
    assertThat(allows(acl, op, "x", "y")).isTrue();
    assertThat(allows(acl, op)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = Operation.class, names = {"CREATE", "READ", "UPDATE", "PATCH"})
  void readCreateUpdatePatch_areChecked(Operation op) {
    Acl acl = acl1("denied_parameters = { \"*\" = [] }");
    assertThat(allows(acl, op, "x", "y")).isFalse();
    assertThat(allows(acl, op)).isTrue();
  }

  @Test
  void deniedStar_deniesAnyData() {
    Acl acl = acl1("denied_parameters = { \"*\" = [\"only-this\"] }\nallowed_parameters = { \"*\" = [] }");
    assertThat(allows(acl, "a", "anything")).isFalse();
    assertThat(allows(acl)).isTrue();
  }

  @Test
  void denied_emptyListDeniesAnyValue_otherParametersPass() {
    Acl acl = acl1("denied_parameters = { secret = [] }");
    assertThat(allows(acl, "secret", "x")).isFalse();
    assertThat(allows(acl, "SECRET", 5)).isFalse();
    assertThat(allows(acl, "other", "x")).isTrue();
  }

  @Test
  void denied_values_globListsAndCommaStrings() {
    Acl acl = acl1("denied_parameters = { color = [\"red\", \"dark*\", \"*ish\", \"*x*\", 7, true] }");
    assertThat(allows(acl, "color", "red")).isFalse();
    assertThat(allows(acl, "color", "darkblue")).isFalse();
    assertThat(allows(acl, "color", "bluish")).isFalse();
    assertThat(allows(acl, "color", "boxy")).isFalse();
    assertThat(allows(acl, "color", List.of("blue", "red"))).as("any element").isFalse();
    assertThat(allows(acl, "color", "blue, red")).as("any comma part").isFalse();
    assertThat(allows(acl, "color", 7L)).isFalse();
    assertThat(allows(acl, "color", true)).isFalse();
    assertThat(allows(acl, "color", "blue")).isTrue();
    assertThat(allows(acl, "color", "reddish-brown")).as("globs match whole values").isTrue();
  }

  @Test
  void allowed_unlistedParameterIsDenied_listedValuesChecked() {
    Acl acl = acl1("allowed_parameters = { color = [\"red\", \"blue\"], size = [] }");
    assertThat(allows(acl, "color", "red")).isTrue();
    assertThat(allows(acl, "color", "green")).isFalse();
    assertThat(allows(acl, "size", "anything")).isTrue();
    assertThat(allows(acl, "weight", "1")).isFalse();
    assertThat(allows(acl, "Color", "blue", "SIZE", 3)).isTrue();
    assertThat(allows(acl)).isTrue();
  }

  @Test
  void allowedStarAlone_allowsEverything_evenWithValues() {
    Acl acl = acl1("allowed_parameters = { \"*\" = [\"x\"] }");
    assertThat(allows(acl, "a", "not-x", "b", 2)).isTrue();
  }

  @Test
  void allowedStarWithOthers_unlistedPass_listedAreChecked() {
    Acl acl = acl1("allowed_parameters = { \"*\" = [], color = [\"red\"] }");
    assertThat(allows(acl, "anything", "x")).isTrue();
    assertThat(allows(acl, "color", "red")).isTrue();
    assertThat(allows(acl, "color", "blue")).isFalse();
  }

  @Test
  void allowed_globs_andALoneStarIsLiteral() {
    Acl acl = acl1("allowed_parameters = { a = [\"pre*\"], b = [\"*suf\"], c = [\"*mid*\"], d = [\"*\"] }");
    assertThat(allows(acl, "a", "prefix")).isTrue();
    assertThat(allows(acl, "a", "xpre")).isFalse();
    assertThat(allows(acl, "b", "the-suf")).isTrue();
    assertThat(allows(acl, "b", "sufx")).isFalse();
    assertThat(allows(acl, "c", "amidb")).isTrue();
    assertThat(allows(acl, "c", "mi")).isFalse();
    assertThat(allows(acl, "d", "*")).isTrue();
    assertThat(allows(acl, "d", "x")).isFalse();
  }

  @Test
  void allowed_lists_everyElementOrTheWholeList() {
    Acl acl = acl1("allowed_parameters = { tags = [\"a\", \"b\", [\"x\", \"y\"]] }");
    assertThat(allows(acl, "tags", List.of("a", "b"))).isTrue();
    assertThat(allows(acl, "tags", List.of("a", "c"))).isFalse();
    assertThat(allows(acl, "tags", List.of("x", "y"))).as("whole list equals an entry").isTrue();
    assertThat(allows(acl, "tags", List.of())).isTrue();
  }

  @Test
  void allowed_commaStrings_everyPart_andTheEmptyStringPasses_asVault() {
    Acl acl = acl1("allowed_parameters = { policies = [\"dev\", \"ops\"] }");
    assertThat(allows(acl, "policies", "dev,ops")).isTrue();
    assertThat(allows(acl, "policies", " dev , ops ")).isTrue();
    assertThat(allows(acl, "policies", "dev,root")).isFalse();
    assertThat(allows(acl, "policies", "")).isTrue();
  }

  @Test
  void numbersCompareByValue_booleansExactly() {
    Acl acl = acl1("allowed_parameters = { n = [1, 2.5], f = [false] }");
    assertThat(allows(acl, "n", 1)).isTrue();
    assertThat(allows(acl, "n", 1L)).isTrue();
    assertThat(allows(acl, "n", 1.0d)).isTrue();
    assertThat(allows(acl, "n", new BigDecimal("2.50"))).isTrue();
    assertThat(allows(acl, "n", 2.5f)).isTrue();
    assertThat(allows(acl, "n", 3)).isFalse();
    assertThat(allows(acl, "n", Double.NaN)).isFalse();
    assertThat(allows(acl, "n", "1")).as("a string is not a number").isFalse();
    assertThat(allows(acl, "f", false)).isTrue();
    assertThat(allows(acl, "f", true)).isFalse();
  }

  @Test
  void nullValues_matchOnlyAnEmptyList() {
    Acl acl = acl1("allowed_parameters = { a = [\"x\"], b = [] }");
    assertThat(allows(acl, "a", null)).isFalse();
    assertThat(allows(acl, "b", null)).isTrue();
    assertThat(allows(acl, "a", Arrays.asList("x", null))).isFalse();
  }

  @Test
  void denied_winsOverAllowed() {
    Acl acl = acl1("allowed_parameters = { color = [] }\ndenied_parameters = { color = [\"red\"] }");
    assertThat(allows(acl, "color", "blue")).isTrue();
    assertThat(allows(acl, "color", "red")).isFalse();
  }

  @Test
  void merge_joinsValueLists_andAnEmptyListWins() {
    String a = "path \"p\" {\n capabilities = [\"update\"]\n allowed_parameters = { c = [\"red\"], s = [\"1\"] }\n}";
    String b = "path \"p\" {\n capabilities = [\"update\"]\n allowed_parameters = { c = [\"blue\"], s = [] }\n"
        + " required_parameters = [\"c\"]\n}";
    Acl acl = acl(a, b);
    assertThat(allows(acl, "c", "red")).isTrue();
    assertThat(allows(acl, "c", "blue")).isTrue();
    assertThat(allows(acl, "c", "green")).isFalse();
    assertThat(allows(acl, "c", "red", "s", "9")).isTrue();
    assertThat(allows(acl, "s", "9")).as("c is required by the merged rule").isFalse();
  }

  @Test
  void merge_constraintsOfOnePolicyStay_whenTheOtherHasNone() {
    // As Vault: joining a rule without allowed_parameters keeps the other's list.
    Acl acl = acl("path \"p\" {\n capabilities = [\"update\"]\n allowed_parameters = { c = [\"red\"] }\n}",
        "path \"p\" {\n capabilities = [\"update\"]\n}");
    assertThat(allows(acl, "c", "blue")).isFalse();
  }

  @Test
  void merge_denyDropsParameterConstraints_andDenies() {
    Acl acl = acl("path \"p\" {\n capabilities = [\"update\"]\n allowed_parameters = { c = [] }\n}",
        "path \"p\" {\n capabilities = [\"deny\"]\n}");
    assertThat(allows(acl, "c", "x")).isFalse();
  }
}
