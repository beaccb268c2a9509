package io.leasehold.client.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrinterTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Printer printer(OutputFormat format, String field) {
    return new Printer(new PrintWriter(out, true), new PrintWriter(err, true), format, field);
  }

  private static Secret.Auth auth(long ttl) {
    return new Secret.Auth("s.v7jiYCOCEyNiCItzK7YgLkPi", "zwAyJ8Fu4tZs54Tda8tBWeq1",
        List.of("default", "p1"), List.of("default", "p1"), List.of(), Map.of(), false, "", ttl,
        true);
  }

  @Test
  void table_authBlock_exactlyVaultsLayout() {
    assertThat(printer(OutputFormat.TABLE, "").secret(Secret.ofAuth(auth(3600), List.of())))
        .isZero();

    assertThat(out.toString()).isEqualTo("""
        Key                  Value
        ---                  -----
        token                s.v7jiYCOCEyNiCItzK7YgLkPi
        token_accessor       zwAyJ8Fu4tZs54Tda8tBWeq1
        token_duration       1h
        token_renewable      true
        token_policies       ["default" "p1"]
        identity_policies    []
        policies             ["default" "p1"]
        """);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void table_neverExpiring_infinity_emptyCell_na_metadataRows() {
    Secret.Auth a = new Secret.Auth("s.x", "", List.of("root"), List.of("root"), List.of(),
        Map.of("role_name", "jenkins"), true, "", 0, false);
    printer(OutputFormat.TABLE, "").secret(Secret.ofAuth(a, List.of()));
    assertThat(out.toString()).contains("token_accessor          n/a\n")
        .contains("token_duration          ∞\n")
        .endsWith("token_meta_role_name    jenkins\n");
  }

  @Test
  void table_data_sortedKeys_durationsHumanised_goValues() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("ttl", 86350L);
    data.put("creation_ttl", 2764800L);
    data.put("policies", List.of("default", "test"));
    data.put("meta", null);
    data.put("counters", Map.of("service_tokens", Map.of("total", 7L)));
    data.put("num_uses", 1L);
    data.put("entity_id", "");
    printer(OutputFormat.TABLE, "").secret(Secret.ofData(data, List.of()));
    assertThat(out.toString()).isEqualTo("""
        Key             Value
        ---             -----
        counters        map[service_tokens:map[total:7]]
        creation_ttl    768h
        entity_id       n/a
        meta            <nil>
        num_uses        1
        policies        [default test]
        ttl             23h59m10s
        """);
  }

  @Test
  void json_envelope_fieldOrderIntegerSecondsNulls() {
    printer(OutputFormat.JSON, "").secret(Secret.ofAuth(auth(60), List.of()));
    String json = out.toString();
    assertThat(json).matches("(?s)\\{\n  \"request_id\": \"[0-9a-f-]{36}\",\n"
        + "  \"lease_id\": \"\",\n  \"lease_duration\": 0,\n  \"renewable\": false,\n"
        + "  \"data\": null,\n  \"warnings\": null,\n  \"auth\": \\{\n"
        + "    \"client_token\": \"s.v7jiYCOCEyNiCItzK7YgLkPi\",\n"
        + "    \"accessor\": \"zwAyJ8Fu4tZs54Tda8tBWeq1\",\n"
        + "    \"policies\": \\[\n      \"default\",\n      \"p1\"\n    \\],\n"
        + "    \"token_policies\": \\[\n      \"default\",\n      \"p1\"\n    \\],\n"
        + "    \"identity_policies\": null,\n    \"metadata\": null,\n"
        + "    \"orphan\": false,\n    \"entity_id\": \"\",\n    \"lease_duration\": 60,\n"
        + "    \"renewable\": true,\n    \"mfa_requirement\": null\n  }\n}\n");
  }

  @Test
  void json_dataKeysSorted_warningsInEnvelopeAndOnStderr() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("zeta", "<a&b>");
    data.put("alpha", List.of());
    printer(OutputFormat.JSON, "").secret(Secret.ofData(data, List.of("careful")));
    assertThat(out.toString()).contains("\"data\": {\n    \"alpha\": [],\n"
        + "    \"zeta\": \"\\u003ca\\u0026b\\u003e\"\n  },\n  \"warnings\": [\n    \"careful\"\n  ]");
    assertThat(err.toString()).contains("* careful");
  }

  @Test
  void yaml_sortedKeys_quotedWhenYaml11WouldReadThemAsSomethingElse() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("b", "true");
    data.put("a", List.of("x", "y"));
    data.put("c", "plain");
    data.put("d", Map.of());
    assertThat(YamlWriter.write(data)).isEqualTo("""
        a:
        - x
        - "y"
        b: "true"
        c: plain
        d: {}
        """);
  }

  @Test
  void field_authAndData_noTrailingNewline_missingFieldExit1() {
    assertThat(printer(OutputFormat.TABLE, "token").secret(Secret.ofAuth(auth(60), List.of())))
        .isZero();
    assertThat(out.toString()).isEqualTo("s.v7jiYCOCEyNiCItzK7YgLkPi");

    out.getBuffer().setLength(0);
    printer(OutputFormat.JSON, "token_duration").secret(Secret.ofAuth(auth(60), List.of()));
    assertThat(out.toString()).isEqualTo("60");

    out.getBuffer().setLength(0);
    printer(OutputFormat.TABLE, "policies").secret(Secret.ofData(
        Map.of("policies", List.of("default", "test")), List.of()));
    assertThat(out.toString()).isEqualTo("[default test]");

    assertThat(printer(OutputFormat.TABLE, "nope").secret(Secret.ofData(Map.of(), List.of())))
        .isEqualTo(1);
    assertThat(err.toString()).isEqualTo("Field \"nope\" not present in secret"
        + System.lineSeparator());
  }

  @Test
  void list_tableJsonYaml() {
    printer(OutputFormat.TABLE, "").list(List.of("a", "zabbix"));
    assertThat(out.toString()).isEqualTo("Keys\n----\na\nzabbix\n");
    out.getBuffer().setLength(0);
    printer(OutputFormat.JSON, "").list(List.of("a"));
    assertThat(out.toString()).isEqualTo("[\n  \"a\"\n]" + System.lineSeparator());
  }

  @Test
  void warnings_bannerAndWrapAt78() {
    printer(OutputFormat.TABLE, "").warnings(List.of("TTL of \"3m20s\" exceeded the effective"
        + " max_ttl of \"1m59s\"; TTL value is capped accordingly"));
    String text = err.toString();
    assertThat(text).startsWith("WARNING! The following warnings were returned from Leasehold:");
    for (String line : text.split("\\R")) {
      assertThat(line.length()).isLessThanOrEqualTo(78);
    }
    assertThat(text).contains("  * TTL of \"3m20s\" exceeded").contains("\n  capped accordingly");
  }

  @Test
  void columns_lastColumnUnpadded_widthsInCodePoints() {
    assertThat(Columns.format(List.of(List.of("a", "∞", "x"), List.of("bbb", "", "y"))))
        .isEqualTo("a      ∞      x\nbbb    n/a    y\n");
  }
}
