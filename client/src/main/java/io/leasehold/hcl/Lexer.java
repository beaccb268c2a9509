package io.leasehold.hcl;

import io.leasehold.hcl.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns source text into tokens on demand, so that errors are reported in source order. Every
 * character is looked at a constant number of times: lexing is linear in the input.
 *
 * <p>Whitespace is space and tab; a line ends with LF or CRLF (a lone CR, NUL and every other
 * control character are errors, also inside strings and comments, tab excepted). Outside strings,
 * heredocs and comments only ASCII is allowed. A leading byte order mark is skipped.
 */
final class Lexer {
  private final String src;
  private final int len;
  private int pos;
  private int line = 1;
  private int col = 1;

  Lexer(String src) {
    this.src = src;
    this.len = src.length();
    if (len > 0 && src.charAt(0) == '\uFEFF') {
      pos = 1;
    }
  }

  Token next() throws HclParseException {
    skipSpaceAndComments();
    Position start = here();
    if (pos >= len) {
      return new Token(Kind.EOF, "", null, start);
    }
    char c = src.charAt(pos);
    switch (c) {
      case '\n':
        newline();
        return new Token(Kind.NEWLINE, "\n", null, start);
      case '\r':
        if (peekChar(1) == '\n') {
          newline();
          return new Token(Kind.NEWLINE, "\n", null, start);
        }
        throw forbidden(c);
      case '{':
        return punct(Kind.LBRACE, "{", start);
      case '}':
        return punct(Kind.RBRACE, "}", start);
      case '[':
        return punct(Kind.LBRACK, "[", start);
      case ']':
        return punct(Kind.RBRACK, "]", start);
      case '=':
        return punct(Kind.EQUALS, "=", start);
      case ',':
        return punct(Kind.COMMA, ",", start);
      case ';':
        return punct(Kind.SEMICOLON, ";", start);
      case ':':
        return punct(Kind.COLON, ":", start);
      case '"':
        return quotedString();
      case '<':
        return heredoc();
      default:
        if (c == '-' || isDigit(c)) {
          return number();
        }
        if (isIdentStart(c)) {
          int from = pos;
          while (pos < len && isIdentPart(src.charAt(pos))) {
            advance();
          }
          return new Token(Kind.IDENT, src.substring(from, pos), null, start);
        }
        throw unexpectedChar();
    }
  }

  // ---------------------------------------------------------------- whitespace and comments

  private void skipSpaceAndComments() throws HclParseException {
    while (pos < len) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t') {
        advance();
      } else if (c == '#' || (c == '/' && peekChar(1) == '/')) {
        skipToEndOfLine();
      } else if (c == '/' && peekChar(1) == '*') {
        skipBlockComment();
      } else {
        return;
      }
    }
  }

  /** Skips a line comment up to (not including) its line end. */
  private void skipToEndOfLine() throws HclParseException {
    while (pos < len) {
      char c = src.charAt(pos);
      if (c == '\n' || (c == '\r' && peekChar(1) == '\n')) {
        return;
      }
      checkAllowed(c);
      advance();
    }
  }

  private void skipBlockComment() throws HclParseException {
    Position start = here();
    advance();
    advance();
    while (pos < len) {
      char c = src.charAt(pos);
      if (c == '*' && peekChar(1) == '/') {
        advance();
        advance();
        return;
      }
      if (c == '\n' || (c == '\r' && peekChar(1) == '\n')) {
        newline();
      } else {
        checkAllowed(c);
        advance();
      }
    }
    throw new HclParseException(
        start, "unclosed comment: the document ends before the '*/' that closes this '/*'");
  }

  // ---------------------------------------------------------------- strings

  private Token quotedString() throws HclParseException {
    Position start = here();
    advance();
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= len) {
        throw new HclParseException(
            start, "unclosed string: the document ends before its closing '\"'");
      }
      char c = src.charAt(pos);
      if (c == '"') {
        advance();
        return new Token(Kind.STRING, sb.toString(), null, start);
      }
      if (c == '\n' || (c == '\r' && peekChar(1) == '\n')) {
        throw new HclParseException(
            start,
            "unclosed string: a quoted string must end with '\"' on the line where it starts"
                + " (use a heredoc for text spanning lines)");
      }
      if (c == '\\') {
        escape(sb, start);
        continue;
      }
      checkTemplate(c);
      checkAllowed(c);
      sb.append(c);
      advance();
    }
  }

  private void escape(StringBuilder sb, Position stringStart) throws HclParseException {
    Position at = here();
    if (pos + 1 >= len) {
      throw new HclParseException(
          stringStart, "unclosed string: the document ends before its closing '\"'");
    }
    char e = src.charAt(pos + 1);
    switch (e) {
      case '"', '\\' -> sb.append(e);
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'u', 'U' -> {
        int digits = e == 'u' ? 4 : 8;
        int cp = hex(pos + 2, digits);
        if (cp < 0) {
          throw new HclParseException(
              at,
              "invalid escape: \\" + e + " must be followed by exactly " + digits
                  + " hexadecimal digits");
        }
        if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
          throw new HclParseException(
              at,
              String.format(
                  "invalid escape: U+%04X is not a Unicode scalar value"
                      + " (write characters beyond U+FFFF as \\UXXXXXXXX, not as surrogates)",
                  cp));
        }
        sb.appendCodePoint(cp);
        for (int i = 0; i < digits; i++) {
          advance();
        }
      }
      case '\n', '\r' -> throw new HclParseException(
          at,
          "invalid escape: a backslash cannot end a line (a quoted string cannot continue on"
              + " the next line)");
      default -> throw new HclParseException(
          at,
          "invalid escape sequence \\" + describeChar(e)
              + " in string (allowed: \\\" \\\\ \\n \\r \\t \\uXXXX \\UXXXXXXXX)");
    }
    advance();
    advance();
  }

  /** The value of {@code n} ASCII hex digits at {@code from}, or -1 if they are not there. */
  private int hex(int from, int n) {
    if (from + n > len) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < from + n; i++) {
      char c = src.charAt(i);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return -1;
      }
      v = v * 16 + d;
    }
    return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
  }

  /** HCL 2 would read {@code ${...}} and {@code %{...}} as templates; we refuse to guess. */
  private void checkTemplate(char c) throws HclParseException {
    if ((c == '$' || c == '%') && peekChar(1) == '{') {
      throw new HclParseException(
          here(),
          c == '$'
              ? "template interpolation is not supported ('${' in a string)"
              : "template directives are not supported ('%{' in a string)");
    }
  }

  // ---------------------------------------------------------------- heredocs

  private Token heredoc() throws HclParseException {
    Position start = here();
    if (peekChar(1) != '<') {
      throw unexpectedChar();
    }
    advance();
    advance();
    boolean indented = false;
    if (pos < len && src.charAt(pos) == '-') {
      indented = true;
      advance();
    }
    String opener = indented ? "<<-" : "<<";
    if (pos >= len || !isIdentStart(src.charAt(pos))) {
      throw new HclParseException(
          here(), "expected a heredoc marker right after '" + opener + "', e.g. " + opener + "EOF");
    }
    int from = pos;
    while (pos < len && isIdentPart(src.charAt(pos))) {
      advance();
    }
    String marker = src.substring(from, pos);
    String heading = opener + marker;
    if (pos >= len) {
      throw unclosedHeredoc(start, heading, marker);
    }
    char c = src.charAt(pos);
    if (c == '\n' || (c == '\r' && peekChar(1) == '\n')) {
      newline();
    } else if (isControl(c)) {
      throw forbidden(c);
    } else {
      throw new HclParseException(
          here(),
          "expected a newline right after heredoc marker " + heading + ", found "
              + describeCharHere());
    }
    List<String> lines = new ArrayList<>();
    while (pos < len) {
      Position lineStart = here();
      int lineFrom = pos;
      while (pos < len) {
        char d = src.charAt(pos);
        if (d == '\n' || (d == '\r' && peekChar(1) == '\n')) {
          break;
        }
        checkTemplate(d);
        checkAllowed(d);
        advance();
      }
      String text = src.substring(lineFrom, pos);
      String leftTrimmed = stripLeadingBlanks(text);
      if (indented ? leftTrimmed.equals(marker) : text.equals(marker)) {
        return new Token(Kind.HEREDOC, content(lines, indented), null, start);
      }
      if (stripTrailingBlanks(leftTrimmed).equals(marker)) {
        // HCL 1 and HCL 2 disagree on whether such a line closes the heredoc: refuse it.
        throw new HclParseException(
            lineStart,
            indented
                ? "heredoc terminator " + marker + " must have nothing after it on its line"
                : "heredoc terminator " + marker + " must be alone on its line, starting at column"
                    + " 1 (use <<-" + marker + " for an indented heredoc)");
      }
      lines.add(text);
      if (pos < len) {
        newline();
      } else {
        break;
      }
    }
    throw unclosedHeredoc(start, heading, marker);
  }

  private static HclParseException unclosedHeredoc(Position start, String heading, String marker) {
    return new HclParseException(
        start,
        "unclosed heredoc " + heading + ": the document ends before a line " + marker
            + " closes it");
  }

  /** Joins heredoc lines, each ending in a newline; for {@code <<-}, strips common indentation. */
  private static String content(List<String> lines, boolean indented) {
    int strip = 0;
    if (indented) {
      strip = Integer.MAX_VALUE;
      for (String l : lines) {
        int blanks = l.length() - stripLeadingBlanks(l).length();
        if (blanks < l.length()) {
          strip = Math.min(strip, blanks);
        }
      }
      if (strip == Integer.MAX_VALUE) {
        strip = 0;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l, Math.min(strip, l.length()), l.length()).append('\n');
    }
    return sb.toString();
  }

  private static String stripLeadingBlanks(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripTrailingBlanks(String s) {
    int i = s.length();
    while (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
      i--;
    }
    return s.substring(0, i);
  }

  // ---------------------------------------------------------------- numbers

  private Token number() throws HclParseException {
    Position start = here();
    int from = pos;
    if (src.charAt(pos) == '-') {
      advance();
      if (pos >= len || !isDigit(src.charAt(pos))) {
        throw new HclParseException(
            start, "expected a digit after '-', found " + describeNext());
      }
    }
    int digitsFrom = pos;
    while (pos < len && isDigit(src.charAt(pos))) {
      advance();
    }
    boolean leadingZero = pos - digitsFrom > 1 && src.charAt(digitsFrom) == '0';
    if (pos < len && src.charAt(pos) == '.' && pos + 1 < len && isDigit(src.charAt(pos + 1))) {
      advance();
      while (pos < len && isDigit(src.charAt(pos))) {
        advance();
      }
    }
    if (pos < len && (isIdentPart(src.charAt(pos)) || src.charAt(pos) == '.')) {
      int end = pos;
      while (end < len && (isIdentPart(src.charAt(end)) || src.charAt(end) == '.')) {
        end++;
      }
      String word = src.substring(from, end);
      throw new HclParseException(
          start,
          "invalid number " + word + ": a number is plain decimal digits with an optional '-'"
              + " and fraction (3600, -1, 1.5); quote anything else (\"" + word + "\")");
    }
    String text = src.substring(from, pos);
    if (leadingZero) {
      throw new HclParseException(
          start,
          "invalid number " + text + ": leading zeros are not allowed (is it octal?);"
              + " quote it (\"" + text + "\") or drop the zeros");
    }
    return new Token(Kind.NUMBER, text, new BigDecimal(text), start);
  }

  // ---------------------------------------------------------------- characters

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c) || c == '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Control characters other than tab (line ends are handled by the callers). */
  private static boolean isControl(char c) {
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
  }

  private void checkAllowed(char c) throws HclParseException {
    if (isControl(c)) {
      throw forbidden(c);
    }
  }

  private HclParseException forbidden(char c) {
    if (c == '\r') {
      return new HclParseException(
          here(), "carriage return (U+000D) not followed by a newline is not allowed");
    }
    return new HclParseException(
        here(), String.format("control character U+%04X is not allowed", (int) c));
  }

  private HclParseException unexpectedChar() {
    char c = src.charAt(pos);
    if (isControl(c)) {
      return forbidden(c);
    }
    return new HclParseException(here(), "unexpected character " + describeCharHere());
  }

  private String describeNext() {
    return pos >= len ? "end of input" : describeCharHere();
  }

  /**
   * The character at the current position for messages: {@code 'x'} for printable ASCII, {@code
   * 'é' (U+00E9)} for other visible characters, {@code U+00A0} for invisible ones.
   */
  private String describeCharHere() {
    char c = src.charAt(pos);
    if (c == '\n' || (c == '\r' && peekChar(1) == '\n')) {
      return "newline";
    }
    if (c >= 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    int cp = src.codePointAt(pos);
    if (Character.isLetterOrDigit(cp)
        || Character.getType(cp) == Character.OTHER_SYMBOL
        || Character.getType(cp) == Character.OTHER_PUNCTUATION) {
      return "'" + new String(Character.toChars(cp)) + "' " + String.format("(U+%04X)", cp);
    }
    return String.format("U+%04X", cp);
  }

  /** How an escape character is shown after a backslash in messages. */
  private static String describeChar(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return String.valueOf(c);
    }
    return String.format("<U+%04X>", (int) c);
  }

  // ---------------------------------------------------------------- position bookkeeping

  private Position here() {
    return new Position(line, col);
  }

  private char peekChar(int ahead) {
    int i = pos + ahead;
    return i < len ? src.charAt(i) : '\0';
  }

  private Token punct(Kind kind, String text, Position start) {
    advance();
    return new Token(kind, text, null, start);
  }

  private void advance() {
    pos++;
    col++;
  }

  /** Consumes an LF or CRLF line end. */
  private void newline() {
    if (src.charAt(pos) == '\r') {
      pos++;
    }
    pos++;
    line++;
    col = 1;
  }
}
