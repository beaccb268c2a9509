package io.leasehold.hcl;

import java.util.Objects;

/**
 * A strict parser for the HCL subset our policies and configuration files use. It never guesses:
 * anything it cannot read exactly is an {@link HclParseException} naming the line and column.
 *
 * <p>The grammar ({@code NL} is a line end; spaces, tabs and comments {@code #...}, {@code
 * //...}, {@code /* ... *&#47;} separate tokens; a block comment counts as a space even when it
 * spans lines):
 *
 * <pre>
 * document  = NL* [ item ( NL+ item )* NL* ] EOF
 * item      = IDENT "=" value                   the value starts on the line of "="
 *           | IDENT STRING* "{" blockBody        labels are quoted strings, "{" on the same line
 * blockBody = NL* [ item ( NL+ item )* NL* ] "}" the last item may share its line with "}"
 * value     = STRING | HEREDOC | NUMBER | "true" | "false" | list | object
 * list      = "[" NL* [ value NL* ( "," NL* value NL* )* [ "," NL* ] ] "]"
 * object    = "{" NL* [ entry ( ( "," | NL ) NL* entry )* [ "," ] NL* ] "}"
 * entry     = ( IDENT | STRING ) "=" value
 * IDENT     = [A-Za-z_][A-Za-z0-9_-]*
 * NUMBER    = -?(0|[1-9][0-9]*)(\.[0-9]+)?     no leading zeros, exponents or suffixes
 * STRING    = '"' ... '"' on one line; escapes \" \\ \n \r \t \\uXXXX \UXXXXXXXX;
 *             no "${" or "%{" (HCL 2 templates)
 * HEREDOC   = "&lt;&lt;" IDENT NL lines IDENT    the terminator alone on its line, at column 1
 *           | "&lt;&lt;-" IDENT NL lines IDENT   the terminator may be indented; the common
 *                                               indentation of non-blank lines is removed
 * </pre>
 *
 * <p>Items are separated by newlines only; a ',' or ';' between them is an error. Repeated
 * attributes and blocks are all kept, in source order. Nesting of blocks, lists and objects is
 * limited to {@value Parser#MAX_DEPTH} levels. Parsing is linear in the size of the input.
 *
 * <p>Errors name the place where the problem is detected, except for something left open at the
 * end of the document (a bracket, brace, string, heredoc or comment), which is reported at its
 * opening. A wrong closing bracket, as in {@code ["read" }}, is reported where it is found, and
 * the message names the unclosed opener ({@code unclosed '[' opened at 1:28: ...}).
 */
public final class HclParser {
  private HclParser() {}

  /** Parses a whole document. */
  public static HclBody parse(String source) throws HclParseException {
    Objects.requireNonNull(source, "source");
    return new Parser(source).document();
  }
}
