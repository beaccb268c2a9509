package io.leasehold.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed input: every case pins the exact position and message. */
class HclParseErrorTest {

  static Arguments c(String source, int line, int column, String message) {
    return Arguments.of(source, line, column, message);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // --- the cases hcl4j accepted without a word (ARCHITECTURE.md, Dependencies)
        c("path \"x\" { capabilities = [\"read\" }",
            1, 35, "unclosed '[' opened at 1:27: expected ',' or ']', found '}'"),
        c("path \"x\" {\n  capabilities = [\"read\"]\n",
            1, 10, "unclosed '{' of block path \"x\": the document ends before its closing '}'"),
        c("path \"a\" {\n  capabilities = [\"read\"]\n\npath \"b\" {\n  capabilities = [\"read\"]\n}\n",
            1, 10, "unclosed '{' of block path \"a\": the document ends before its closing '}'"),
        c("}}}",
            1, 1, "unexpected '}': there is no open block to close"),
        c("capabilities = read",
            1, 16, "expected a value after '=' of capabilities, found identifier read (strings must be quoted: \"read\")"),
        // --- brackets and braces
        c("a = 1\n}",
            2, 1, "unexpected '}': there is no open block to close"),
        c("a = [1, 2",
            1, 5, "unclosed '[': the document ends before its closing ']'"),
        c("a = [1, 2\n\n",
            1, 5, "unclosed '[': the document ends before its closing ']'"),
        c("a = {\n b = 1\n",
            1, 5, "unclosed '{': the document ends before its closing '}'"),
        c("a = { b = 1 ]",
            1, 13, "unclosed '{' opened at 1:5: expected ',', a newline or '}', found ']'"),
        c("a = [ { b = 1 ]",
            1, 15, "unclosed '{' opened at 1:7: expected ',', a newline or '}', found ']'"),
        c("a = [1 }",
            1, 8, "unclosed '[' opened at 1:5: expected ',' or ']', found '}'"),
        c("a = [1 2]",
            1, 8, "expected ',' or ']' after a list item, found number 2 (in the list opened at 1:5)"),
        c("a = [1,,2]",
            1, 8, "expected a value or ']' in the list opened at 1:5, found ','"),
        c("a = [,]",
            1, 6, "expected a value or ']' in the list opened at 1:5, found ','"),
        c("a = [\"x\", }",
            1, 11, "unclosed '[' opened at 1:5: expected a value or ']', found '}'"),
        c("a = { b = 1 c = 2 }",
            1, 13, "expected ',', a newline or '}' after the value of b, found identifier c"),
        c("a = { b = 1,, c = 2 }",
            1, 13, "expected an object key (identifier or quoted string) or '}', found ','"),
        c("a = { b: 1 }",
            1, 8, "expected '=' after object key b, found ':' (use '=', not ':')"),
        c("a = { b }",
            1, 9, "expected '=' after object key b, found '}'"),
        c("a = { b",
            1, 5, "unclosed '{': the document ends before its closing '}'"),
        c("a = { [1] = 2 }",
            1, 7, "expected an object key (identifier or quoted string) or '}', found '['"),
        c("a = { b = 1; c = 2 }",
            1, 12, "expected ',', a newline or '}' after the value of b, found ';'"),
        c("a = { b =\n 1 }",
            1, 10, "expected a value after '=' of b, found newline (a value must start on the line of its '=')"),
        // --- separators between items
        c("a = 1 b = 2",
            1, 7, "expected a newline after attribute a, found identifier b"),
        c("a = 1, b = 2",
            1, 6, "unexpected ',' after attribute a: attributes and blocks are separated by newlines"),
        c("a = 1; b = 2",
            1, 6, "unexpected ';' after attribute a: attributes and blocks are separated by newlines"),
        c("a = 1\n,b = 2",
            2, 1, "expected an attribute or block name, found ','"),
        c("path \"x\" { a = 1 } path \"y\" {}",
            1, 20, "expected a newline after block path \"x\", found identifier path"),
        c("path \"x\" {}, path \"y\" {}",
            1, 12, "unexpected ',' after block path \"x\": attributes and blocks are separated by newlines"),
        // --- attributes and blocks
        c("a\n= 1",
            1, 2, "expected '=' or a block's labels and '{' after a, found newline"),
        c("a =\n1",
            1, 4, "expected a value after '=' of a, found newline (a value must start on the line of its '=')"),
        c("a =",
            1, 4, "expected a value after '=' of a, found end of input"),
        c("a",
            1, 2, "expected '=' or a block's labels and '{' after a, found end of input"),
        c("a \"x\"",
            1, 6, "expected '{' to open block a \"x\", found end of input"),
        c("a \"x\"\n{}",
            1, 6, "expected '{' to open block a \"x\", found newline ('{' must be on the line of the block's name)"),
        c("path x {}",
            1, 6, "expected '=' or a block's labels and '{' after path, found identifier x (block labels must be quoted strings)"),
        c("path \"x\" y {}",
            1, 10, "expected '{' to open block path \"x\", found identifier y (block labels must be quoted strings)"),
        c("path \"x\" = 1",
            1, 10, "expected '{' to open block path \"x\", found '='"),
        c("a = null",
            1, 5, "expected a value after '=' of a, found identifier null (strings must be quoted: \"null\")"),
        c("a = True",
            1, 5, "expected a value after '=' of a, found identifier True (strings must be quoted: \"True\")"),
        c("a = read-only",
            1, 5, "expected a value after '=' of a, found identifier read-only (strings must be quoted: \"read-only\")"),
        c("= 1",
            1, 1, "expected an attribute or block name, found '='"),
        c("\"a\" = 1",
            1, 1, "expected an attribute or block name, found string \"a\""),
        c("1 = 2",
            1, 1, "expected an attribute or block name, found number 1"),
        c("]",
            1, 1, "expected an attribute or block name, found ']'"),
        c("path \"x\" {\n  ]\n}",
            2, 3, "unexpected ']' in block path \"x\" (its '{' opened at 1:10 is still open)"),
        c("a = \"x\" \"y\"",
            1, 9, "expected a newline after attribute a, found string \"y\""),
        c("a = ]",
            1, 5, "expected a value after '=' of a, found ']'"),
        c("a = ,",
            1, 5, "expected a value after '=' of a, found ','"),
        c("a = 1 = 2",
            1, 7, "expected a newline after attribute a, found '='"),
        // --- strings
        c("a = \"abc",
            1, 5, "unclosed string: the document ends before its closing '\"'"),
        c("a = \"abc\nb = 1",
            1, 5, "unclosed string: a quoted string must end with '\"' on the line where it starts (use a heredoc for text spanning lines)"),
        c("a = \"abc\\",
            1, 5, "unclosed string: the document ends before its closing '\"'"),
        c("a = \"a\\qb\"",
            1, 7, "invalid escape sequence \\q in string (allowed: \\\" \\\\ \\n \\r \\t \\uXXXX \\UXXXXXXXX)"),
        c("a = \"a\\x41\"",
            1, 7, "invalid escape sequence \\x in string (allowed: \\\" \\\\ \\n \\r \\t \\uXXXX \\UXXXXXXXX)"),
        c("a = \"a\\u12\"",
            1, 7, "invalid escape: \\u must be followed by exactly 4 hexadecimal digits"),
        c("a = \"a\\u12g4\"",
            1, 7, "invalid escape: \\u must be followed by exactly 4 hexadecimal digits"),
        c("a = \"a\\U0011FFFF\"",
            1, 7, "invalid escape: U+11FFFF is beyond U+10FFFF, the last code point"),
        c("a = \"a\\uD83D\\uDE00\"",
            1, 7, "invalid escape: U+D83D is a surrogate, not a character (write characters beyond U+FFFF as one \\UXXXXXXXX escape)"),
        c("a = \"a\\",
            1, 5, "unclosed string: the document ends before its closing '\"'"),
        c("a = \"a\\\nb\"",
            1, 7, "invalid escape: a backslash cannot end a line (a quoted string cannot continue on the next line)"),
        c("a = \"${var.x}\"",
            1, 6, "template interpolation is not supported ('${' in a string)"),
        c("a = \"%{ if x }\"",
            1, 6, "template directives are not supported ('%{' in a string)"),
        c("a = \"$${x}\"",
            1, 7, "template interpolation is not supported ('${' in a string)"),
        // --- characters
        c("a = \"a\000b\"",
            1, 7, "control character U+0000 is not allowed"),
        c("a = \"a\007b\"",
            1, 7, "control character U+0007 is not allowed"),
        c("a = 1\000",
            1, 6, "control character U+0000 is not allowed"),
        c("\001",
            1, 1, "control character U+0001 is not allowed"),
        c("a = 1\rb = 2",
            1, 6, "carriage return (U+000D) not followed by a newline is not allowed"),
        c("a = 1\u00a0",
            1, 6, "unexpected character U+00A0"),
        c("aé = 1",
            1, 2, "unexpected character 'é' (U+00E9)"),
        c("a = 1 \u2003",
            1, 7, "unexpected character U+2003"),
        // --- numbers
        c("a = 0640",
            1, 5, "invalid number 0640: leading zeros are not allowed (is it octal?); quote it (\"0640\") or drop the zeros"),
        c("a = 00",
            1, 5, "invalid number 00: leading zeros are not allowed (is it octal?); quote it (\"00\") or drop the zeros"),
        c("a = -",
            1, 5, "expected a digit after '-', found end of input"),
        c("a = - 1",
            1, 5, "expected a digit after '-', found ' '"),
        c("a = --1",
            1, 5, "expected a digit after '-', found '-'"),
        c("a = 1.",
            1, 5, "invalid number 1.: a number is plain decimal digits with an optional '-' and fraction (3600, -1, 1.5); quote anything else (\"1.\")"),
        c("a = .5",
            1, 5, "unexpected character '.'"),
        c("a = 1.5.2",
            1, 5, "invalid number 1.5.2: a number is plain decimal digits with an optional '-' and fraction (3600, -1, 1.5); quote anything else (\"1.5.2\")"),
        c("a = 1e3",
            1, 5, "invalid number 1e3: a number is plain decimal digits with an optional '-' and fraction (3600, -1, 1.5); quote anything else (\"1e3\")"),
        c("a = 0x10",
            1, 5, "invalid number 0x10: a number is plain decimal digits with an optional '-' and fraction (3600, -1, 1.5); quote anything else (\"0x10\")"),
        c("a = 10s",
            1, 5, "invalid number 10s: a number is plain decimal digits with an optional '-' and fraction (3600, -1, 1.5); quote anything else (\"10s\")"),
        c("a = 1_000",
            1, 5, "invalid number 1_000: a number is plain decimal digits with an optional '-' and fraction (3600, -1, 1.5); quote anything else (\"1_000\")"),
        c("a = +1",
            1, 5, "unexpected character '+'"),
        // --- comments
        c("/* never closed",
            1, 1, "unclosed comment: the document ends before the '*/' that closes this '/*'"),
        c("a = 1 /* never\nclosed",
            1, 7, "unclosed comment: the document ends before the '*/' that closes this '/*'"),
        c("a = 1 */",
            1, 7, "unexpected character '*'"),
        c("a = 1 / 2",
            1, 7, "unexpected character '/'"),
        // --- heredocs
        c("a = <<EOF\nx\n",
            1, 5, "unclosed heredoc <<EOF: the document ends before a line EOF closes it"),
        c("a = <<EOF\nx",
            1, 5, "unclosed heredoc <<EOF: the document ends before a line EOF closes it"),
        c("a = <<EOF",
            1, 5, "unclosed heredoc <<EOF: the document ends before a line EOF closes it"),
        c("a = <<EOF x\nEOF",
            1, 10, "expected a newline right after heredoc marker <<EOF, found ' '"),
        c("a = << EOF\nEOF",
            1, 7, "expected a heredoc marker right after '<<', e.g. <<EOF"),
        c("a = <EOF",
            1, 5, "unexpected character '<'"),
        c("a = <<\"EOF\"\nEOF",
            1, 7, "expected a heredoc marker right after '<<', e.g. <<EOF"),
        c("a = <<EOF\nx\n  EOF\n",
            3, 1, "heredoc terminator EOF must be alone on its line, starting at column 1 (use <<-EOF for an indented heredoc)"),
        c("a = <<EOF\nx\nEOF \n",
            3, 1, "heredoc terminator EOF must be alone on its line, starting at column 1 (use <<-EOF for an indented heredoc)"),
        c("a = <<-EOF\nx\n  EOF \n",
            3, 1, "heredoc terminator EOF must have nothing after it on its line"),
        c("a = <<EOF\n${x}\nEOF\n",
            2, 1, "template interpolation is not supported ('${' in a heredoc)"),
        c("a = <<EOF\nx\000\nEOF\n",
            2, 2, "control character U+0000 is not allowed"),
        c("a = <<EOF\nx\nEOF y = 1",
            1, 5, "unclosed heredoc <<EOF: the document ends before a line EOF closes it"),
        // --- assorted
        c("path \"x\" { policy = \"read\" } }",
            1, 30, "unexpected '}': there is no open block to close"),
        c("a (b) = 1",
            1, 3, "unexpected character '('"),
        c("a.b = 1",
            1, 2, "unexpected character '.'"),
        c("a = \"x\" # fine\nb = read",
            2, 5, "expected a value after '=' of b, found identifier read (strings must be quoted: \"read\")"),
        c("path \"x\" {\n  capabilities = [\"read\", \"list\"\n}\n",
            3, 1, "unclosed '[' opened at 2:18: expected ',' or ']', found '}'"),
        c("path \"x\" {\n  capabilities = [\"read\" \"list\"]\n}\n",
            2, 26, "expected ',' or ']' after a list item, found string \"list\" (in the list opened at 2:18)"),
        c("path \"x\" {\n  capabilities = [\"read\",\n  allowed_parameters = {}\n}\n",
            3, 3, "expected a value or ']' in the list opened at 2:18, found identifier allowed_parameters (strings must be quoted: \"allowed_parameters\")"),
        c("path \"x\" {\n  capabilities = [\"read\"]\n}}\n",
            3, 2, "unexpected '}': there is no open block to close"),
        c("a = [[[[\n",
            1, 8, "unclosed '[': the document ends before its closing ']'"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void isRejectedWithPositionAndMessage(String source, int line, int column, String message) {
    assertRejected(source, line, column, message);
  }

  static void assertRejected(String source, int line, int column, String message) {
    HclParseException e =
        catchThrowableOfType(HclParseException.class, () -> HclParser.parse(source));
    assertThat(e).as("parse(%s) must fail", source).isNotNull();
    assertThat(e.getMessage()).isEqualTo(line + ":" + column + ": " + message);
    assertThat(e.position()).isEqualTo(new Position(line, column));
  }

  @Test
  void messagesStayShortWhateverTheInput() {
    String w = "w".repeat(100_000);
    String w40 = "w".repeat(40) + "...";
    assertRejected(
        "a = " + w,
        1,
        5,
        "expected a value after '=' of a, found identifier " + w40
            + " (strings must be quoted: \"" + w40 + "\")");
    assertRejected(
        w + " x",
        1,
        100_002,
        "expected '=' or a block's labels and '{' after " + w40 + ", found identifier x (block"
            + " labels must be quoted strings)");
    assertRejected(
        "a = [\"" + w + "\" 1]",
        1,
        100_009,
        "expected ',' or ']' after a list item, found number 1 (in the list opened at 1:5)");
    assertRejected(
        "a = [1 \"" + w + "\"]",
        1,
        8,
        "expected ',' or ']' after a list item, found string \"" + "w".repeat(24) + "...\" (in the"
            + " list opened at 1:5)");
    assertRejected(
        "a = 1" + "0".repeat(100_000) + "x",
        1,
        5,
        "invalid number 1" + "0".repeat(39) + "...: a number is plain decimal digits with an"
            + " optional '-' and fraction (3600, -1, 1.5); quote anything else (\"1"
            + "0".repeat(39) + "...\")");
    assertRejected(
        "b" + " \"l\"".repeat(100_000) + " = 1",
        1,
        2 + 4 * 100_000 + 1,
        "expected '{' to open block b \"l\" \"l\" \"l\" ..., found '='");
    assertRejected(
        "a = <<" + w + "\nx\n",
        1,
        5,
        "unclosed heredoc <<" + w40 + ": the document ends before a line " + w40 + " closes it");
  }

  @Test
  void nestingIsLimitedTo64Levels() throws Exception {
    String ok = "a = " + "[".repeat(64) + "]".repeat(64);
    assertThat(HclParser.parse(ok).attributes()).hasSize(1);
    assertRejected(
        "a = " + "[".repeat(65) + "]".repeat(65),
        1,
        69,
        "nesting too deep: more than 64 levels of blocks, lists and objects");
    assertRejected(
        "a = " + "{ a = ".repeat(65) + "1" + " }".repeat(65),
        1,
        5 + 64 * 6,
        "nesting too deep: more than 64 levels of blocks, lists and objects");
    String blocks = "b {\n".repeat(64) + "}\n".repeat(64);
    assertThat(HclParser.parse(blocks).blocks()).hasSize(1);
    assertRejected(
        "b {\n".repeat(65) + "}\n".repeat(65),
        65,
        3,
        "nesting too deep: more than 64 levels of blocks, lists and objects");
    // mixed: blocks, objects and lists all count; 30 blocks, then on line 31 "{ a = [" repeated:
    // the 18th '{' (column 5 + 17 * 7) is the 65th level
    assertRejected(
        "b {\n".repeat(30) + "a = " + "{ a = [".repeat(20),
        31,
        124,
        "nesting too deep: more than 64 levels of blocks, lists and objects");
  }

  @Test
  void deepInputCannotOverflowTheStack() {
    String[][] cases = {
      {"a = ", "["}, {"a = ", "{ a = "}, {"", "b {\n"}, {"", "a \"l\" {\n"}, {"x = ", "{\n y = ["}
    };
    for (String[] c : cases) {
      String deep = c[0] + c[1].repeat(200_000);
      HclParseException e =
          catchThrowableOfType(HclParseException.class, () -> HclParser.parse(deep));
      assertThat(e).as(c[1]).isNotNull();
      assertThat(e.getMessage()).as(c[1]).contains("nesting too deep");
    }
  }
}
