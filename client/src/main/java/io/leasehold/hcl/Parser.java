package io.leasehold.hcl;

import io.leasehold.hcl.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over {@link Lexer} tokens with one token of lookahead. See {@link HclParser}
 * for the grammar. Recursion is bounded by {@link #MAX_DEPTH}, so no input can overflow the stack.
 */
final class Parser {
  /** Maximum nesting of blocks, lists and objects. */
  static final int MAX_DEPTH = 64;

  private final Lexer lexer;
  private Token peeked;
  private int depth;

  Parser(String source) {
    this.lexer = new Lexer(source);
  }

  HclBody document() throws HclParseException {
    return body(null, null);
  }

  // ---------------------------------------------------------------- bodies

  /**
   * The items of the document ({@code open == null}, ends at end of input) or of a block (ends at
   * the '}' matching {@code open}, which is consumed).
   */
  private HclBody body(Token open, String blockName) throws HclParseException {
    List<HclAttribute> attributes = new ArrayList<>();
    List<HclBlock> blocks = new ArrayList<>();
    while (true) {
      skipNewlines();
      Token t = peek();
      if (t.is(Kind.EOF)) {
        if (open == null) {
          return new HclBody(attributes, blocks);
        }
        throw new HclParseException(
            open.position(),
            "unclosed '{' of block " + blockName
                + ": the document ends before its closing '}'");
      }
      if (t.is(Kind.RBRACE)) {
        if (open == null) {
          throw new HclParseException(
              t.position(), "unexpected '}': there is no open block to close");
        }
        next();
        return new HclBody(attributes, blocks);
      }
      if (!t.is(Kind.IDENT)) {
        if (open != null && t.is(Kind.RBRACK)) {
          throw new HclParseException(
              t.position(),
              "unexpected ']' in block " + blockName + " (its '{' opened at "
                  + open.position() + " is still open)");
        }
        throw new HclParseException(
            t.position(), "expected an attribute or block name, found " + t.describe());
      }
      String what = item(attributes, blocks);
      Token after = peek();
      switch (after.kind()) {
        case NEWLINE, EOF, RBRACE -> {
          // the loop takes it from here
        }
        case COMMA, SEMICOLON -> throw new HclParseException(
            after.position(),
            "unexpected '" + after.text() + "' after " + what
                + ": attributes and blocks are separated by newlines");
        default -> throw new HclParseException(
            after.position(),
            "expected a newline after " + what + ", found " + after.describe());
      }
    }
  }

  /** One attribute or block; returns a description of it for the following error messages. */
  private String item(List<HclAttribute> attributes, List<HclBlock> blocks)
      throws HclParseException {
    Token name = next();
    Token t = peek();
    if (t.is(Kind.EQUALS)) {
      next();
      HclValue value = value("after '=' of " + name.text());
      attributes.add(new HclAttribute(name.text(), value, name.position()));
      return "attribute " + name.text();
    }
    if (!t.is(Kind.STRING) && !t.is(Kind.LBRACE)) {
      throw new HclParseException(
          t.position(),
          "expected '=' or a block's labels and '{' after " + name.text() + ", found "
              + t.describe() + labelHint(t));
    }
    List<String> labels = new ArrayList<>();
    StringBuilder blockName = new StringBuilder(name.text());
    while (peek().is(Kind.STRING)) {
      Token label = next();
      labels.add(label.text());
      blockName.append(' ').append(Token.quoteForMessage(label.text()));
    }
    Token open = next();
    if (!open.is(Kind.LBRACE)) {
      throw new HclParseException(
          open.position(),
          "expected '{' to open block " + blockName + ", found " + open.describe()
              + labelHint(open));
    }
    enter(open);
    HclBody body = body(open, blockName.toString());
    depth--;
    blocks.add(new HclBlock(name.text(), labels, body, name.position()));
    return "block " + blockName;
  }

  private static String labelHint(Token t) {
    return t.is(Kind.IDENT) ? " (block labels must be quoted strings)" : "";
  }

  // ---------------------------------------------------------------- values

  /** A value; it must start on the current line. */
  private HclValue value(String where) throws HclParseException {
    Token t = next();
    return switch (t.kind()) {
      case STRING, HEREDOC -> new HclValue.Str(t.text(), t.position());
      case NUMBER -> new HclValue.Num(t.number(), t.position());
      case IDENT -> switch (t.text()) {
        case "true" -> new HclValue.Bool(true, t.position());
        case "false" -> new HclValue.Bool(false, t.position());
        default -> throw new HclParseException(
            t.position(),
            "expected a value " + where + ", found " + t.describe()
                + " (strings must be quoted: \"" + t.text() + "\")");
      };
      case LBRACK -> list(t);
      case LBRACE -> object(t);
      case NEWLINE -> throw new HclParseException(
          t.position(),
          "expected a value " + where + ", found newline (a value must start on the line of"
              + " its '=')");
      default -> throw new HclParseException(
          t.position(), "expected a value " + where + ", found " + t.describe());
    };
  }

  /** {@code [ v, v, ... ]}: newlines anywhere inside, optional trailing comma. */
  private HclValue list(Token open) throws HclParseException {
    enter(open);
    List<HclValue> items = new ArrayList<>();
    while (true) {
      skipNewlines();
      Token t = peek();
      if (t.is(Kind.RBRACK)) {
        next();
        break;
      }
      checkNotClosedElsewhere(open, t, "a value or ']'");
      items.add(value("or ']' in the list opened at " + open.position()));
      skipNewlines();
      t = peek();
      if (t.is(Kind.COMMA)) {
        next();
        continue;
      }
      if (t.is(Kind.RBRACK)) {
        next();
        break;
      }
      checkNotClosedElsewhere(open, t, "',' or ']'");
      throw new HclParseException(
          t.position(),
          "expected ',' or ']' after a list item, found " + t.describe()
              + " (in the list opened at " + open.position() + ")");
    }
    depth--;
    return new HclValue.ListValue(items, open.position());
  }

  /**
   * {@code { key = v, key = v }}: keys are identifiers or quoted strings; items are separated by
   * a comma or newline(s); optional trailing comma.
   */
  private HclValue object(Token open) throws HclParseException {
    enter(open);
    List<HclAttribute> attributes = new ArrayList<>();
    while (true) {
      skipNewlines();
      Token key = peek();
      if (key.is(Kind.RBRACE)) {
        next();
        break;
      }
      checkNotClosedElsewhere(open, key, "an object key or '}'");
      if (!key.is(Kind.IDENT) && !key.is(Kind.STRING)) {
        throw new HclParseException(
            key.position(),
            "expected an object key (identifier or quoted string) or '}', found "
                + key.describe());
      }
      next();
      String name = key.text();
      Token eq = next();
      if (eq.is(Kind.EOF)) {
        checkNotClosedElsewhere(open, eq, "'='");
      }
      if (!eq.is(Kind.EQUALS)) {
        throw new HclParseException(
            eq.position(),
            "expected '=' after object key " + describeKey(key) + ", found " + eq.describe()
                + (eq.is(Kind.COLON) ? " (use '=', not ':')" : ""));
      }
      attributes.add(
          new HclAttribute(name, value("after '=' of " + describeKey(key)), key.position()));
      Token t = peek();
      if (t.is(Kind.COMMA)) {
        next();
        continue;
      }
      if (t.is(Kind.NEWLINE) || t.is(Kind.RBRACE)) {
        continue;
      }
      checkNotClosedElsewhere(open, t, "',', a newline or '}'");
      throw new HclParseException(
          t.position(),
          "expected ',', a newline or '}' after the value of " + describeKey(key) + ", found "
              + t.describe());
    }
    depth--;
    return new HclValue.ObjectValue(new HclBody(attributes, List.of()), open.position());
  }

  private static String describeKey(Token key) {
    return key.is(Kind.STRING) ? Token.quoteForMessage(key.text()) : key.text();
  }

  /**
   * At a point inside {@code open} where {@code expected} (which includes {@code open}'s own
   * closer) may come: end of input, or the closer of the other kind, means {@code open} was never
   * closed.
   */
  private static void checkNotClosedElsewhere(Token open, Token t, String expected)
      throws HclParseException {
    String closer = open.is(Kind.LBRACK) ? "]" : "}";
    if (t.is(Kind.EOF)) {
      throw new HclParseException(
          open.position(),
          "unclosed '" + open.text() + "': the document ends before its closing '" + closer
              + "'");
    }
    if (t.is(open.is(Kind.LBRACK) ? Kind.RBRACE : Kind.RBRACK)) {
      throw new HclParseException(
          t.position(),
          "unclosed '" + open.text() + "' opened at " + open.position() + ": expected "
              + expected + ", found " + t.describe());
    }
  }

  // ---------------------------------------------------------------- tokens

  private void enter(Token open) throws HclParseException {
    if (++depth > MAX_DEPTH) {
      throw new HclParseException(
          open.position(),
          "nesting too deep: more than " + MAX_DEPTH + " levels of blocks, lists and objects");
    }
  }

  private void skipNewlines() throws HclParseException {
    while (peek().is(Kind.NEWLINE)) {
      next();
    }
  }

  private Token peek() throws HclParseException {
    if (peeked == null) {
      peeked = lexer.next();
    }
    return peeked;
  }

  private Token next() throws HclParseException {
    Token t = peek();
    peeked = null;
    return t;
  }
}
