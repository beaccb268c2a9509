package io.leasehold.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HclParserTest {

  /** Vault's default policy, in our own words: same paths and capabilities (BEHAVIOUR.md 11.1). */
  static final String DEFAULT_POLICY =
      """
      # Allow tokens to look up their own properties
      path "auth/token/lookup-self" {
          capabilities = ["read"]
      }

      # Allow tokens to renew themselves
      path "auth/token/renew-self" {
          capabilities = ["update"]
      }

      # Allow tokens to revoke themselves
      path "auth/token/revoke-self" {
          capabilities = ["update"]
      }

      // A token may ask what it can do on a path
      path "sys/capabilities-self" {
          capabilities = ["update"]
      }

      /* Identity entities: only the token's own */
      path "identity/entity/id/{{identity.entity.id}}" {
        capabilities = ["read"]
      }
      path "identity/entity/name/{{identity.entity.name}}" {
        capabilities = ["read"]
      }

      path "sys/internal/ui/resultant-acl" {
          capabilities = ["read"]
      }

      # Leases the token holds: renew and look up
      path "sys/renew" {
          capabilities = ["update"]
      }
      path "sys/leases/renew" {
          capabilities = ["update"]
      }
      path "sys/leases/lookup" {
          capabilities = ["update"]
      }

      # The token's own cubbyhole
      path "cubbyhole/*" {
          capabilities = [
              "create",
              "read",
              "update",
              "delete",
              "list",
          ]
      }

      /*
       * Response wrapping.
       */
      path "sys/wrapping/wrap" {
          capabilities = ["update"]
      }
      path "sys/wrapping/lookup" {
          capabilities = ["update"]
      }
      path "sys/wrapping/unwrap" {
          capabilities = ["update"]
      }

      # Hashing is harmless
      path "sys/tools/hash" {
          capabilities = ["update"]
      }
      path "sys/tools/hash/*" {
          capabilities = ["update"]
      }

      path "sys/control-group/request" {
          capabilities = ["update"]
      }

      path "identity/oidc/provider/+/authorize" {
          capabilities = ["read", "update"]
      }
      """;

  static HclBody parse(String s) throws HclParseException {
    return HclParser.parse(s);
  }

  static Position at(int line, int column) {
    return new Position(line, column);
  }

  static List<String> strings(HclValue v) {
    assertThat(v).isInstanceOf(HclValue.ListValue.class);
    return ((HclValue.ListValue) v)
        .items().stream().map(i -> ((HclValue.Str) i).value()).toList();
  }

  static String str(HclValue v) {
    assertThat(v).isInstanceOf(HclValue.Str.class);
    return ((HclValue.Str) v).value();
  }

  @Test
  void defaultPolicyParsesToItsPathsAndCapabilities() throws Exception {
    HclBody body = parse(DEFAULT_POLICY);

    assertThat(body.attributes()).isEmpty();
    Map<String, List<String>> rules = new LinkedHashMap<>();
    for (HclBlock b : body.blocks()) {
      assertThat(b.type()).isEqualTo("path");
      assertThat(b.labels()).hasSize(1);
      assertThat(b.body().blocks()).isEmpty();
      assertThat(b.body().attributes()).hasSize(1);
      HclAttribute caps = b.body().attributes().get(0);
      assertThat(caps.name()).isEqualTo("capabilities");
      rules.put(b.labels().get(0), strings(caps.value()));
    }
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("auth/token/lookup-self", List.of("read"));
    expected.put("auth/token/renew-self", List.of("update"));
    expected.put("auth/token/revoke-self", List.of("update"));
    expected.put("sys/capabilities-self", List.of("update"));
    expected.put("identity/entity/id/{{identity.entity.id}}", List.of("read"));
    expected.put("identity/entity/name/{{identity.entity.name}}", List.of("read"));
    expected.put("sys/internal/ui/resultant-acl", List.of("read"));
    expected.put("sys/renew", List.of("update"));
    expected.put("sys/leases/renew", List.of("update"));
    expected.put("sys/leases/lookup", List.of("update"));
    expected.put("cubbyhole/*", List.of("create", "read", "update", "delete", "list"));
    expected.put("sys/wrapping/wrap", List.of("update"));
    expected.put("sys/wrapping/lookup", List.of("update"));
    expected.put("sys/wrapping/unwrap", List.of("update"));
    expected.put("sys/tools/hash", List.of("update"));
    expected.put("sys/tools/hash/*", List.of("update"));
    expected.put("sys/control-group/request", List.of("update"));
    expected.put("identity/oidc/provider/+/authorize", List.of("read", "update"));
    assertThat(rules).containsExactlyEntriesOf(expected);

    HclBlock first = body.blocks().get(0);
    assertThat(first.position()).isEqualTo(at(2, 1));
    assertThat(first.body().attributes().get(0).position()).isEqualTo(at(3, 5));
    assertThat(first.body().attributes().get(0).value().position()).isEqualTo(at(3, 20));
    HclBlock cubbyhole = body.blocks().get(10);
    assertThat(cubbyhole.position()).isEqualTo(at(45, 1));
    List<HclValue> items = ((HclValue.ListValue) cubbyhole.body().attributes().get(0).value()).items();
    assertThat(items).extracting(HclValue::position)
        .containsExactly(at(47, 9), at(48, 9), at(49, 9), at(50, 9), at(51, 9));
  }

  @Test
  void everyNodeCarriesItsPosition() throws Exception {
    String src =
        """
        name = "x"
        path "a/*" "second" {
          n   = -1.5
          ok  = [true, false]
          obj = { k = 1, "q k" = { } }
          inner {
          }
        }
        """;
    HclBody expected =
        new HclBody(
            List.of(new HclAttribute("name", new HclValue.Str("x", at(1, 8)), at(1, 1))),
            List.of(
                new HclBlock(
                    "path",
                    List.of("a/*", "second"),
                    new HclBody(
                        List.of(
                            new HclAttribute(
                                "n", new HclValue.Num(new BigDecimal("-1.5"), at(3, 9)), at(3, 3)),
                            new HclAttribute(
                                "ok",
                                new HclValue.ListValue(
                                    List.of(
                                        new HclValue.Bool(true, at(4, 10)),
                                        new HclValue.Bool(false, at(4, 16))),
                                    at(4, 9)),
                                at(4, 3)),
                            new HclAttribute(
                                "obj",
                                new HclValue.ObjectValue(
                                    new HclBody(
                                        List.of(
                                            new HclAttribute(
                                                "k",
                                                new HclValue.Num(BigDecimal.ONE, at(5, 15)),
                                                at(5, 11)),
                                            new HclAttribute(
                                                "q k",
                                                new HclValue.ObjectValue(
                                                    new HclBody(List.of(), List.of()), at(5, 26)),
                                                at(5, 18))),
                                        List.of()),
                                    at(5, 9)),
                                at(5, 3))),
                        List.of(
                            new HclBlock(
                                "inner", List.of(), new HclBody(List.of(), List.of()), at(6, 3)))),
                    at(2, 1))));
    assertThat(parse(src)).isEqualTo(expected);
  }

  @Test
  void emptyDocumentsAreEmptyBodies() throws Exception {
    HclBody empty = new HclBody(List.of(), List.of());
    assertThat(parse("")).isEqualTo(empty);
    assertThat(parse("\n\n  \t\n")).isEqualTo(empty);
    assertThat(parse("# only a comment")).isEqualTo(empty);
    assertThat(parse("// one\n/* two\n three */\n# four\n")).isEqualTo(empty);
    assertThat(parse("\uFEFF")).isEqualTo(empty);
  }

  @Test
  void repeatedAttributesAndBlocksAreKeptInOrder() throws Exception {
    HclBody body =
        parse(
            """
            a = 1
            path "x" {
              capabilities = ["read"]
            }
            a = 2
            path "x" {
              capabilities = ["deny"]
            }
            """);
    assertThat(body.attributes()).extracting(HclAttribute::name).containsExactly("a", "a");
    assertThat(body.attributes()).extracting(a -> ((HclValue.Num) a.value()).value().intValue())
        .containsExactly(1, 2);
    assertThat(body.blocks()).hasSize(2);
    assertThat(strings(body.blocks().get(0).body().attributes().get(0).value()))
        .containsExactly("read");
    assertThat(strings(body.blocks().get(1).body().attributes().get(0).value()))
        .containsExactly("deny");
    assertThat(body.blocks().get(1).position()).isEqualTo(at(6, 1));
  }

  @Nested
  class ConfigShapes {
    @Test
    void storage() throws Exception {
      HclBody body = parse("storage \"rocksdb\" {\n  path = \"/x\"\n}\n");
      assertThat(body.blocks()).singleElement().satisfies(b -> {
        assertThat(b.type()).isEqualTo("storage");
        assertThat(b.labels()).containsExactly("rocksdb");
        assertThat(b.body().attributes()).singleElement().satisfies(a -> {
          assertThat(a.name()).isEqualTo("path");
          assertThat(str(a.value())).isEqualTo("/x");
        });
      });
    }

    @Test
    void singleLineBlockWithOneAttribute() throws Exception {
      HclBody body = parse("storage \"rocksdb\" { path = \"/x\" }");
      assertThat(str(body.blocks().get(0).body().attributes().get(0).value())).isEqualTo("/x");
    }

    @Test
    void emptyBlocks() throws Exception {
      HclBody body = parse("storage \"inmem\" {}\nui {\n}\n");
      assertThat(body.blocks()).extracting(HclBlock::type).containsExactly("storage", "ui");
      assertThat(body.blocks()).allSatisfy(
          b -> assertThat(b.body()).isEqualTo(new HclBody(List.of(), List.of())));
    }

    @Test
    void listener() throws Exception {
      HclBody body =
          parse(
              """
              listener "tcp" {
                address     = "127.0.0.1:8200"
                tls_disable = true
              }
              """);
      HclBlock listener = body.blocks().get(0);
      assertThat(listener.labels()).containsExactly("tcp");
      assertThat(listener.body().attributes())
          .containsExactly(
              new HclAttribute(
                  "address", new HclValue.Str("127.0.0.1:8200", at(2, 17)), at(2, 3)),
              new HclAttribute("tls_disable", new HclValue.Bool(true, at(3, 17)), at(3, 3)));
    }

    @Test
    void agentAutoAuthWithObjectAndBlockConfigs() throws Exception {
      HclBody body =
          parse(
              """
              pid_file = "./pidfile"
              auto_auth {
                method "approle" {
                  config = {
                    role_id_file_path   = "a"
                    secret_id_file_path = "b"
                  }
                }
                sink "file" {
                  config {
                    path = "p"
                    mode = "0640"
                  }
                }
              }
              """);
      HclBlock autoAuth = body.blocks().get(0);
      assertThat(autoAuth.type()).isEqualTo("auto_auth");
      assertThat(autoAuth.labels()).isEmpty();

      HclBlock method = autoAuth.body().blocks().get(0);
      assertThat(method.type()).isEqualTo("method");
      assertThat(method.labels()).containsExactly("approle");
      HclAttribute config = method.body().attributes().get(0);
      assertThat(config.name()).isEqualTo("config");
      assertThat(config.value()).isInstanceOf(HclValue.ObjectValue.class);
      HclBody object = ((HclValue.ObjectValue) config.value()).body();
      assertThat(object.attributes()).extracting(HclAttribute::name)
          .containsExactly("role_id_file_path", "secret_id_file_path");
      assertThat(object.attributes()).extracting(a -> str(a.value())).containsExactly("a", "b");
      assertThat(object.blocks()).isEmpty();

      HclBlock sink = autoAuth.body().blocks().get(1);
      assertThat(sink.labels()).containsExactly("file");
      HclBlock sinkConfig = sink.body().blocks().get(0);
      assertThat(sinkConfig.type()).isEqualTo("config");
      assertThat(sinkConfig.labels()).isEmpty();
      assertThat(sinkConfig.body().attributes()).extracting(a -> str(a.value()))
          .containsExactly("p", "0640");
    }

    @Test
    void nestedSingleLineBlocksEachWithOneItem() throws Exception {
      HclBody body = parse("auto_auth { method \"approle\" { config = { role_id_file_path = \"a\" } } }");
      HclBlock method = body.blocks().get(0).body().blocks().get(0);
      HclValue.ObjectValue config = (HclValue.ObjectValue) method.body().attributes().get(0).value();
      assertThat(config.body().attributes().get(0).name()).isEqualTo("role_id_file_path");
    }

    @Test
    void objectsOnOneLineWithCommasAndQuotedKeys() throws Exception {
      HclBody body =
          parse(
              """
              path "secret/*" {
                capabilities = ["create"]
                allowed_parameters = { "*" = [], "foo" = ["bar", "baz"], plain = [] }
                denied_parameters = {
                  "secret" = []
                  "other-key" = ["x"],
                }
              }
              """);
      List<HclAttribute> attrs = body.blocks().get(0).body().attributes();
      HclBody allowed = ((HclValue.ObjectValue) attrs.get(1).value()).body();
      assertThat(allowed.attributes()).extracting(HclAttribute::name)
          .containsExactly("*", "foo", "plain");
      assertThat(strings(allowed.attributes().get(1).value())).containsExactly("bar", "baz");
      assertThat(allowed.attributes().get(1).position()).isEqualTo(at(3, 36));
      HclBody denied = ((HclValue.ObjectValue) attrs.get(2).value()).body();
      assertThat(denied.attributes()).extracting(HclAttribute::name)
          .containsExactly("secret", "other-key");
    }
  }

  @Nested
  class Values {
    HclValue only(String src) throws HclParseException {
      return parse(src).attributes().get(0).value();
    }

    @Test
    void numbers() throws Exception {
      assertThat(((HclValue.Num) only("a = 3600")).value()).isEqualTo(new BigDecimal("3600"));
      assertThat(((HclValue.Num) only("a = -1")).value()).isEqualTo(new BigDecimal("-1"));
      assertThat(((HclValue.Num) only("a = 1.5")).value()).isEqualTo(new BigDecimal("1.5"));
      assertThat(((HclValue.Num) only("a = 0")).value()).isEqualTo(BigDecimal.ZERO);
      assertThat(((HclValue.Num) only("a = 0.25")).value()).isEqualTo(new BigDecimal("0.25"));
      // exactly as written: the scale is kept
      assertThat(((HclValue.Num) only("a = 1.50")).value()).isEqualTo(new BigDecimal("1.50"));
      assertThat(((HclValue.Num) only("a = 123456789012345678901234567890")).value())
          .isEqualTo(new BigDecimal("123456789012345678901234567890"));
    }

    @Test
    void booleans() throws Exception {
      assertThat(only("a = true")).isEqualTo(new HclValue.Bool(true, at(1, 5)));
      assertThat(only("a = false")).isEqualTo(new HclValue.Bool(false, at(1, 5)));
    }

    @Test
    void identifiersMayBeKeywordsAndContainDashes() throws Exception {
      HclBody body = parse("true = false\nmax-lease_ttl2 = \"1h\"\n_x = 1");
      assertThat(body.attributes()).extracting(HclAttribute::name)
          .containsExactly("true", "max-lease_ttl2", "_x");
    }

    @Test
    void listsSpanLinesAndMayEndWithAComma() throws Exception {
      assertThat(strings(only("a = []"))).isEmpty();
      assertThat(strings(only("a = [\n]"))).isEmpty();
      assertThat(strings(only("a = [\"x\",]"))).containsExactly("x");
      assertThat(strings(only("a = [\n  \"x\"\n  ,\n  \"y\" # why\n  ,\n]"))).containsExactly("x", "y");
      HclValue.ListValue nested = (HclValue.ListValue) only("a = [[1], [], [[true]], {k = 1}]");
      assertThat(nested.items()).hasSize(4);
      assertThat(nested.items().get(3)).isInstanceOf(HclValue.ObjectValue.class);
    }

    @Test
    void objectsSpanLines() throws Exception {
      HclValue.ObjectValue o =
          (HclValue.ObjectValue) only("a = {\n\n  x = 1\n\n  y = [\n 2\n ]\n\n}\n");
      assertThat(o.body().attributes()).extracting(HclAttribute::name).containsExactly("x", "y");
      assertThat(((HclValue.ObjectValue) only("a = {}")).body().attributes()).isEmpty();
      assertThat(((HclValue.ObjectValue) only("a = { x = 1, }")).body().attributes()).hasSize(1);
      assertThat(((HclValue.ObjectValue) only("a = { x = 1,\n y = 2 }")).body().attributes())
          .hasSize(2);
    }

    @Test
    void escapes() throws Exception {
      assertThat(str(only("a = \"q\\\"b\\\\n\\nr\\rt\\t\""))).isEqualTo("q\"b\\n\nr\rt\t");
      assertThat(str(only("a = \"\\u00e9\\u00C9\\U0001F600\\u0000\""))).isEqualTo("éÉ😀\0");
      assertThat(str(only("a = \"\\u0024{x}\""))).isEqualTo("${x}");
      assertThat(str(only("a = \"\""))).isEmpty();
    }

    @Test
    void unicodeAndTemplateLookalikesInsideStrings() throws Exception {
      assertThat(str(only("a = \"héllo wörld ✓ 😀 \u2028\""))).isEqualTo("héllo wörld ✓ 😀 \u2028");
      assertThat(str(only("a = \"$ { } % {{x}} $x %x\""))).isEqualTo("$ { } % {{x}} $x %x");
      assertThat(str(only("a = \"tab\there\""))).isEqualTo("tab\there");
      assertThat(str(only("a = \"# not // a /* comment\""))).isEqualTo("# not // a /* comment");
    }

    @Test
    void heredoc() throws Exception {
      HclValue v = only("policy = <<EOF\npath \"x\" {\n  capabilities = [\"read\"]\n}\nEOF\n");
      assertThat(v).isEqualTo(
          new HclValue.Str("path \"x\" {\n  capabilities = [\"read\"]\n}\n", at(1, 10)));
      assertThat(str(only("a = <<EOF\nEOF"))).isEmpty();
      assertThat(str(only("a = <<EOT\n  keep\n\tindent  \nEOTX\nEOT\n")))
          .isEqualTo("  keep\n\tindent  \nEOTX\n");
    }

    @Test
    void heredocIsFollowedByMoreItems() throws Exception {
      HclBody body = parse("a = <<EOF\nx\nEOF\nb = 2\nc = [<<X\ny\nX\n, \"z\"]\n");
      assertThat(str(body.attributes().get(0).value())).isEqualTo("x\n");
      assertThat(body.attributes().get(1).position()).isEqualTo(at(4, 1));
      assertThat(strings(body.attributes().get(2).value())).containsExactly("y\n", "z");
    }

    @Test
    void heredocBackslashesAndQuotesAreLiteral() throws Exception {
      assertThat(str(only("a = <<EOF\n\\n \\\" \"\nEOF\n"))).isEqualTo("\\n \\\" \"\n");
    }

    @Test
    void indentedHeredocStripsCommonIndentation() throws Exception {
      assertThat(str(only("a = <<-EOF\n    Foo\n      Bar\n    Baz\n    EOF\n")))
          .isEqualTo("Foo\n  Bar\nBaz\n");
      assertThat(str(only("a = <<-EOF\n    Foo\n  Bar\n    Baz\nEOF\n")))
          .isEqualTo("  Foo\nBar\n  Baz\n");
      // blank lines do not count towards the common indentation
      assertThat(str(only("a = <<-EOF\n    Foo\n\n  \n    Bar\n  EOF\n")))
          .isEqualTo("Foo\n\n\nBar\n");
      // a tab counts as one character, like a space
      assertThat(str(only("a = <<-EOF\n\tFoo\n\t\tBar\n\tEOF\n"))).isEqualTo("Foo\n\tBar\n");
      assertThat(str(only("a = <<-EOF\nFoo\nEOF\n"))).isEqualTo("Foo\n");
    }

    @Test
    void crlfLineEnds() throws Exception {
      HclBody body = parse("a = 1\r\npath \"x\" {\r\n  b = [\r\n\"y\"]\r\n}\r\nh = <<EOF\r\nl1\r\nEOF\r\n");
      assertThat(body.blocks().get(0).position()).isEqualTo(at(2, 1));
      assertThat(body.attributes().get(1).position()).isEqualTo(at(6, 1));
      assertThat(str(body.attributes().get(1).value())).isEqualTo("l1\n");
    }
  }

  @Nested
  class Comments {
    @Test
    void allThreeKindsAnywhereWhitespaceIs() throws Exception {
      HclBody body =
          parse(
              """
              # hash
              // slashes
              /* block */ a = /* inline */ 1 # trailing
              b = [ // inside a list
                "x", /* between */ "y"
              ]
              /* spanning
                 lines "with quotes" and { braces } */
              c { # after a brace
              } // after a block
              """);
      assertThat(body.attributes()).extracting(HclAttribute::name).containsExactly("a", "b");
      assertThat(body.attributes().get(0).position()).isEqualTo(at(3, 13));
      assertThat(strings(body.attributes().get(1).value())).containsExactly("x", "y");
      assertThat(body.blocks().get(0).position()).isEqualTo(at(9, 1));
    }

    @Test
    void commentMarkersInsideStringsAreText() throws Exception {
      assertThat(str(parse("a = \"/* x */\"").attributes().get(0).value())).isEqualTo("/* x */");
    }

    @Test
    void unicodeInComments() throws Exception {
      assertThat(parse("# ünïcödé ✓ 😀\na = 1").attributes()).hasSize(1);
    }
  }

  @Test
  void nullSourceIsAProgrammingError() {
    assertThatThrownBy(() -> HclParser.parse(null)).isInstanceOf(NullPointerException.class);
  }
}
