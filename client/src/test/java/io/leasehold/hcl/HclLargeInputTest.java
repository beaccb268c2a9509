package io.leasehold.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * Megabyte-sized inputs of every shape. There are no timing assertions: the parser is linear by
 * construction (one pass, one token of lookahead, no backtracking, no string re-scanning), and
 * these tests would turn slow, not flaky, if that ever stopped being true.
 */
class HclLargeInputTest {
  private static final int MB = 1 << 20;

  @Test
  void aMegabytePolicy() throws Exception {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    while (sb.length() < MB) {
      sb.append("# rule ").append(n).append('\n')
          .append("path \"secret/data/app-").append(n).append("/*\" {\n")
          .append("  capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\"]\n")
          .append("  allowed_parameters = { \"*\" = [], \"ttl\" = [\"1h\"] }\n")
          .append("}\n");
      n++;
    }
    HclBody body = HclParser.parse(sb.toString());
    assertThat(body.blocks()).hasSize(n);
    assertThat(body.blocks().get(n - 1).labels()).containsExactly("secret/data/app-" + (n - 1) + "/*");
    assertThat(body.blocks().get(n - 1).position()).isEqualTo(new Position(5 * (n - 1) + 2, 1));
  }

  @Test
  void aMegabyteString() throws Exception {
    String s = "é\\n".repeat(MB / 3);
    HclBody body = HclParser.parse("a = \"" + s + "\"");
    assertThat(((HclValue.Str) body.attributes().get(0).value()).value())
        .hasSize(2 * (MB / 3));
  }

  @Test
  void aMegabyteHeredoc() throws Exception {
    String lines = "    line of text\n".repeat(MB / 17);
    HclBody body = HclParser.parse("a = <<-EOF\n" + lines + "  EOF\n");
    assertThat(((HclValue.Str) body.attributes().get(0).value()).value())
        .isEqualTo("line of text\n".repeat(MB / 17));
  }

  @Test
  void aMegabyteList() throws Exception {
    HclBody body = HclParser.parse("a = [" + "1, ".repeat(MB / 3) + "]");
    assertThat(((HclValue.ListValue) body.attributes().get(0).value()).items()).hasSize(MB / 3);
  }

  @Test
  void aMegabyteOfCommentsAndBlankLines() throws Exception {
    String text = "/*" + "x\n".repeat(MB / 4) + "*/\n" + "# c\n\n".repeat(MB / 10) + "a = 1";
    HclBody body = HclParser.parse(text);
    assertThat(body.attributes().get(0).position().line()).isEqualTo(MB / 4 + 2 + 2 * (MB / 10));
  }

  @Test
  void aMegabyteOfStrayBracesFailsAtTheFirst() {
    HclParseException e =
        catchThrowableOfType(HclParseException.class, () -> HclParser.parse("}".repeat(MB)));
    assertThat(e.position()).isEqualTo(new Position(1, 1));
  }

  @Test
  void aMegabyteUnclosedStringFailsAtItsStart() {
    HclParseException e =
        catchThrowableOfType(
            HclParseException.class, () -> HclParser.parse("a = \"" + "x".repeat(MB)));
    assertThat(e.position()).isEqualTo(new Position(1, 5));
  }
}
