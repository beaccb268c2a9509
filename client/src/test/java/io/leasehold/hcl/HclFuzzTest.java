package io.leasehold.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded fuzzing: valid documents are mangled and the parser must either reject the result with an
 * {@link HclParseException} at a real position, or return a tree that survives a canonical
 * print-and-reparse unchanged. Every test is named by its seed; rerun one by giving its seed to
 * {@link #mangle}.
 */
class HclFuzzTest {
  private static final long BASE_SEED = 0x4C_45_41_53_45L; // "LEASE"
  private static final int MANGLE_CASES = 4000;

  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  private static final ExecutorService GUARD =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "hcl-fuzz");
            t.setDaemon(true);
            return t;
          });

  private static final List<Map.Entry<String, String>> DOCS =
      List.copyOf(FuzzCorpus.ALL.entrySet());

  private static final String INTERESTING =
      "{}[]\"=,;:#/*\\\n\r\t $%<-0129.aZ_e\u0000\u007f\u00e9\u00a0\uFEFF\u2028\uD83D";

  private static final Pattern TOKEN =
      Pattern.compile(
          "[A-Za-z0-9_.\\-]+|\"(?:[^\"\\\\\\n]|\\\\.)*\"|<<-?[A-Za-z_]+|/\\*|\\*/|//|\\s+|.",
          Pattern.DOTALL);

  record Mangled(String description, String text) {}

  @TestFactory
  Stream<DynamicTest> mangledDocumentsAreRejectedOrReadExactly() {
    return LongStream.range(0, MANGLE_CASES)
        .mapToObj(
            i -> {
              long seed = BASE_SEED + i;
              Random r = new Random(seed);
              Map.Entry<String, String> doc = DOCS.get(r.nextInt(DOCS.size()));
              Mangled m = mangle(doc.getValue(), r);
              return guarded(
                  "seed " + seed + ": " + doc.getKey() + ": " + m.description(),
                  () -> rejectedOrExact(m.text()));
            });
  }

  @TestFactory
  Stream<DynamicTest> removingABracketBraceQuoteOrListCommaIsAlwaysRejected() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, String> doc : FuzzCorpus.STRUCTURAL.entrySet()) {
      String text = doc.getValue();
      List<Integer> essentials = FuzzCorpus.essentials(text);
      tests.add(
          dynamicTest(
              doc.getKey() + " parses, with brackets, braces, quotes and commas to remove",
              () -> {
                HclParser.parse(text);
                assertThat(essentials).hasSizeGreaterThan(3);
                assertThat(essentials.stream().map(text::charAt))
                    .contains('{', '}', '"');
              }));
      for (int at : essentials) {
        String removed = text.substring(0, at) + text.substring(at + 1);
        tests.add(
            guarded(
                doc.getKey() + ": without the '" + text.charAt(at) + "' at " + where(text, at),
                () -> mustReject(removed)));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> truncatingInsideAnOpenConstructIsAlwaysRejected() {
    return FuzzCorpus.STRUCTURAL.entrySet().stream()
        .map(
            doc ->
                guarded(
                    doc.getKey() + ": every prefix",
                    () -> {
                      String text = doc.getValue();
                      boolean[] invalid = FuzzCorpus.certainlyInvalidCuts(text);
                      int rejected = 0;
                      for (int cut = 0; cut <= text.length(); cut++) {
                        String prefix = text.substring(0, cut);
                        if (invalid[cut]) {
                          mustReject(prefix);
                          rejected++;
                        } else {
                          rejectedOrExact(prefix);
                        }
                      }
                      assertThat(rejected).isGreaterThan(text.length() / 2);
                    }));
  }

  // ---------------------------------------------------------------- the properties

  /** Rejected with a sane position and message, or read into a tree that reprints exactly. */
  static void rejectedOrExact(String text) {
    Object result = parse(text);
    if (result instanceof HclParseException e) {
      checkRejection(text, e);
      return;
    }
    HclBody tree = (HclBody) result;
    String printed = CanonicalPrinter.print(tree);
    Object again = parse(printed);
    if (again instanceof HclParseException e) {
      fail("the canonical print of an accepted tree is rejected (%s):%n%s", e.getMessage(), printed);
    }
    HclBody reparsed = (HclBody) again;
    assertThat(CanonicalPrinter.withoutPositions(reparsed))
        .isEqualTo(CanonicalPrinter.withoutPositions(tree));
    assertThat(CanonicalPrinter.print(reparsed)).isEqualTo(printed);
  }

  static void mustReject(String text) {
    Object result = parse(text);
    if (result instanceof HclParseException e) {
      checkRejection(text, e);
    } else {
      fail("accepted as %s:%n%s", CanonicalPrinter.print((HclBody) result), text);
    }
  }

  /** Parses; returns the tree or the {@link HclParseException}; anything else is a bug. */
  static Object parse(String text) {
    try {
      return HclParser.parse(text);
    } catch (HclParseException e) {
      return e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("parse failed with " + e + " on input " + visible(text), e);
    }
  }

  /**
   * Runs a test on a pooled daemon thread and fails it if it does not finish in {@link
   * #HANG_GUARD}. Parsing is linear by design; this only turns a hang into a failure instead of a
   * stuck build.
   */
  static DynamicTest guarded(String name, Runnable test) {
    return dynamicTest(
        name,
        () -> {
          Future<?> f = GUARD.submit(test);
          try {
            f.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            f.cancel(true);
            fail("no result after %s: the parser hangs", HANG_GUARD);
          } catch (ExecutionException e) {
            throw e.getCause();
          }
        });
  }

  static void checkRejection(String text, HclParseException e) {
    Position p = e.position();
    String[] lines = text.split("\n", -1);
    assertThat(p.line()).as("line of %s", e.getMessage()).isBetween(1, lines.length);
    assertThat(p.column())
        .as("column of %s", e.getMessage())
        .isBetween(1, lines[p.line() - 1].length() + 1);
    String prefix = p + ": ";
    assertThat(e.getMessage()).startsWith(prefix);
    assertThat(e.getMessage().length()).isBetween(prefix.length() + 10, 400);
    assertThat(e.getMessage().chars().filter(c -> c < 0x20 || c == 0x7f))
        .as("raw control characters in %s", visible(e.getMessage()))
        .isEmpty();
  }

  // ---------------------------------------------------------------- mangling

  static Mangled mangle(String doc, Random r) {
    int rounds = r.nextInt(10) < 7 ? 1 : 2 + r.nextInt(3);
    List<String> what = new ArrayList<>();
    String text = doc;
    for (int i = 0; i < rounds; i++) {
      Mangled m = mangleOnce(text, r);
      what.add(m.description());
      text = m.text();
    }
    return new Mangled(String.join("; ", what), text);
  }

  private static Mangled mangleOnce(String s, Random r) {
    int n = s.length();
    if (n == 0) {
      String ins = randomChars(r);
      return new Mangled("insert " + visible(ins) + " into nothing", ins);
    }
    int i = r.nextInt(n);
    List<int[]> tokens = tokens(s);
    int[] tok = tokens.isEmpty() ? new int[] {i, i + 1} : tokens.get(r.nextInt(tokens.size()));
    String at = " at " + where(s, i);
    String atTok = " " + visible(s.substring(tok[0], tok[1])) + " at " + where(s, tok[0]);
    switch (r.nextInt(11)) {
      case 0:
        return new Mangled("delete " + visible(s.substring(i, i + 1)) + at, cut(s, i, i + 1));
      case 1: {
        String c = String.valueOf(INTERESTING.charAt(r.nextInt(INTERESTING.length())));
        return new Mangled("insert " + visible(c) + at, s.substring(0, i) + c + s.substring(i));
      }
      case 2:
        return new Mangled(
            "duplicate " + visible(s.substring(i, i + 1)) + at,
            s.substring(0, i + 1) + s.substring(i));
      case 3: {
        int j = Math.min(i + 1, n - 1);
        return new Mangled("swap chars" + at, swap(s, i, i + 1, j, Math.min(j + 1, n)));
      }
      case 4:
        return new Mangled("delete token" + atTok, cut(s, tok[0], tok[1]));
      case 5:
        return new Mangled(
            "duplicate token" + atTok,
            s.substring(0, tok[1]) + s.substring(tok[0], tok[1]) + s.substring(tok[1]));
      case 6: {
        int k = tokens.indexOf(tok);
        if (k + 1 >= tokens.size()) {
          return new Mangled("truncate" + at, s.substring(0, i));
        }
        int[] other = tokens.get(k + 1);
        return new Mangled("swap tokens" + atTok, swap(s, tok[0], tok[1], other[0], other[1]));
      }
      case 7:
        return new Mangled("truncate" + at, s.substring(0, i));
      case 8: {
        String ins = randomChars(r);
        return new Mangled("insert " + visible(ins) + at, s.substring(0, i) + ins + s.substring(i));
      }
      case 9: {
        String c = String.valueOf(INTERESTING.charAt(r.nextInt(INTERESTING.length())));
        return new Mangled(
            "replace " + visible(s.substring(i, i + 1)) + " with " + visible(c) + at,
            s.substring(0, i) + c + s.substring(i + 1));
      }
      default: {
        int[] other = tokens.isEmpty() ? tok : tokens.get(r.nextInt(tokens.size()));
        return new Mangled(
            "copy token " + visible(s.substring(other[0], other[1])) + " to" + at,
            s.substring(0, i) + s.substring(other[0], other[1]) + s.substring(i));
      }
    }
  }

  /** Non-blank token spans, roughly as HCL sees them. */
  private static List<int[]> tokens(String s) {
    List<int[]> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(s);
    while (m.find()) {
      if (!m.group().isBlank()) {
        out.add(new int[] {m.start(), m.end()});
      }
    }
    return out;
  }

  private static String randomChars(Random r) {
    StringBuilder sb = new StringBuilder();
    int k = 1 + r.nextInt(8);
    for (int j = 0; j < k; j++) {
      sb.append(
          r.nextBoolean()
              ? INTERESTING.charAt(r.nextInt(INTERESTING.length()))
              : (char) r.nextInt(0x10000));
    }
    return sb.toString();
  }

  private static String cut(String s, int from, int to) {
    return s.substring(0, from) + s.substring(to);
  }

  /** Swaps the adjacent or disjoint ranges [a, b) and [c, d), a <= b <= c <= d. */
  private static String swap(String s, int a, int b, int c, int d) {
    if (c < b) {
      return s;
    }
    return s.substring(0, a) + s.substring(c, d) + s.substring(b, c) + s.substring(a, b)
        + s.substring(d);
  }

  /** line:column of an offset, for test names. */
  static String where(String s, int offset) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < offset; i++) {
      if (s.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return line + ":" + col;
  }

  /** A Java-ish literal, so that test names and messages show invisible characters. */
  static String visible(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
