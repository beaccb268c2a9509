package io.leasehold.hcl;

import java.math.BigDecimal;

/**
 * One lexical token. {@code text} is the identifier's name, the resolved value of a string or
 * heredoc, the digits of a number as written, or the punctuation itself.
 */
record Token(Kind kind, String text, BigDecimal number, Position position) {

  enum Kind {
    IDENT,
    STRING,
    HEREDOC,
    NUMBER,
    LBRACE,
    RBRACE,
    LBRACK,
    RBRACK,
    EQUALS,
    COMMA,
    SEMICOLON,
    COLON,
    NEWLINE,
    EOF
  }

  private static final int MAX_QUOTED = 24;

  boolean is(Kind k) {
    return kind == k;
  }

  /** What this token is, for "found ..." in error messages. */
  String describe() {
    return switch (kind) {
      case IDENT -> "identifier " + text;
      case STRING -> "string " + quoteForMessage(text);
      case HEREDOC -> "heredoc";
      case NUMBER -> "number " + text;
      case NEWLINE -> "newline";
      case EOF -> "end of input";
      default -> "'" + text + "'";
    };
  }

  /** A short, printable rendering of a string value for messages (no raw control characters). */
  static String quoteForMessage(String s) {
    StringBuilder sb = new StringBuilder("\"");
    int n = Math.min(s.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (s.length() > MAX_QUOTED) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }
}
