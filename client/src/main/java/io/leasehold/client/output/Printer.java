package io.leasehold.client.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Prints command results in Vault's shapes: data to {@code out} as a table, JSON or YAML (or one
 * {@code -field}, with no trailing newline), warnings and messages to {@code err}.
 */
public final class Printer {
  /** Wrap width of warnings, as Vault's CLI wraps them. */
  static final int WRAP = 78;

  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputFormat format;
  private final String field;

  /**
   * @param field the {@code -field} to print alone, or empty/null for the whole result
   */
  public Printer(PrintWriter out, PrintWriter err, OutputFormat format, String field) {
    this.out = out;
    this.err = err;
    this.format = format;
    this.field = field == null ? "" : field;
  }

  public OutputFormat format() {
    return format;
  }

  /** Whether a {@code -field} was asked for. */
  public boolean hasField() {
    return !field.isEmpty();
  }

  /**
   * Prints a response: its warnings to stderr, then the envelope (or the field).
   *
   * @return 0, or 1 when the asked field is not in the response
   */
  public int secret(Secret secret) {
    warnings(secret.warnings());
    if (hasField()) {
      return field(secret);
    }
    switch (format) {
      case JSON -> println(JsonWriter.write(envelope(secret)));
      case YAML -> print(YamlWriter.write(envelope(secret)));
      case TABLE -> print(Columns.keyValue(tableRows(secret)));
    }
    return 0;
  }

  /** A list of keys: {@code Keys}/{@code ----} and one key a line, or a bare JSON/YAML array. */
  public int list(List<String> keys) {
    switch (format) {
      case JSON -> println(JsonWriter.write(keys));
      case YAML -> print(YamlWriter.write(keys));
      case TABLE -> {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Keys"));
        rows.add(List.of("----"));
        keys.forEach(k -> rows.add(List.of(k)));
        print(Columns.format(rows));
      }
    }
    return 0;
  }

  /**
   * A table whose rows keep their order (e.g. {@code status}), with {@code json} as the JSON and
   * YAML form. {@code -field} picks from {@code json}.
   */
  public int ordered(List<List<String>> tableRows, Map<String, Object> json) {
    if (hasField()) {
      if (!json.containsKey(field)) {
        return missingField();
      }
      raw(json.get(field));
      return 0;
    }
    switch (format) {
      case JSON -> println(JsonWriter.write(json));
      case YAML -> print(YamlWriter.write(json));
      case TABLE -> print(Columns.format(tableRows));
    }
    return 0;
  }

  /** Prints the server's warnings to stderr in Vault's banner form; nothing when there are none. */
  public void warnings(List<String> warnings) {
    if (warnings.isEmpty()) {
      return;
    }
    err.println("WARNING! The following warnings were returned from Leasehold:");
    err.println();
    for (String w : warnings) {
      err.println(wrap("* " + w, 2));
      err.println();
    }
    err.flush();
  }

  /** Vault's JSON envelope of {@code secret}: fixed field order, data maps sorted like Go's. */
  public static Map<String, Object> envelope(Secret secret) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("request_id", UUID.randomUUID().toString());
    env.put("lease_id", "");
    env.put("lease_duration", 0L);
    env.put("renewable", false);
    env.put("data", secret.data() == null ? null : sorted(secret.data()));
    env.put("warnings", secret.warnings().isEmpty() ? null : secret.warnings());
    Secret.Auth a = secret.auth();
    if (a != null) {
      Map<String, Object> auth = new LinkedHashMap<>();
      auth.put("client_token", a.clientToken());
      auth.put("accessor", a.accessor());
      auth.put("policies", a.policies().isEmpty() ? null : a.policies());
      auth.put("token_policies", a.tokenPolicies().isEmpty() ? null : a.tokenPolicies());
      auth.put("identity_policies", a.identityPolicies().isEmpty() ? null : a.identityPolicies());
      auth.put("metadata", a.metadata().isEmpty() ? null : a.metadata());
      auth.put("orphan", a.orphan());
      auth.put("entity_id", a.entityId());
      auth.put("lease_duration", a.leaseDurationSeconds());
      auth.put("renewable", a.renewable());
      auth.put("mfa_requirement", null);
      env.put("auth", auth);
    }
    return env;
  }

  /** The Key/Value rows Vault's table shows for {@code secret}: auth rows, then sorted data. */
  static List<List<String>> tableRows(Secret secret) {
    List<List<String>> rows = new ArrayList<>();
    Secret.Auth a = secret.auth();
    if (a != null) {
      rows.add(List.of("token", a.clientToken()));
      rows.add(List.of("token_accessor", a.accessor()));
      rows.add(List.of("token_duration", a.leaseDurationSeconds() == 0 ? "∞"
          : io.leasehold.client.GoDurations.human(a.leaseDurationSeconds())));
      rows.add(List.of("token_renewable", String.valueOf(a.renewable())));
      rows.add(List.of("token_policies", GoValues.q(a.tokenPolicies())));
      rows.add(List.of("identity_policies", GoValues.q(a.identityPolicies())));
      rows.add(List.of("policies", GoValues.q(a.policies())));
      a.metadata().forEach((k, v) -> rows.add(List.of("token_meta_" + k, v)));
    }
    if (secret.data() != null) {
      new TreeMap<>(secret.data()).forEach((k, v) -> rows.add(List.of(k, GoValues.cell(k, v))));
    }
    return rows;
  }

  private int field(Secret secret) {
    Secret.Auth a = secret.auth();
    Object value;
    boolean found = true;
    if (a != null && isAuthField(field)) {
      value = switch (field) {
        case "token" -> a.clientToken();
        case "token_accessor" -> a.accessor();
        case "token_duration" -> a.leaseDurationSeconds();
        case "token_renewable" -> a.renewable();
        case "token_policies" -> a.tokenPolicies();
        case "identity_policies" -> a.identityPolicies();
        default -> a.policies();
      };
    } else if (secret.data() != null && secret.data().containsKey(field)) {
      value = secret.data().get(field);
    } else if (a != null && field.startsWith("token_meta_")
        && a.metadata().containsKey(field.substring("token_meta_".length()))) {
      value = a.metadata().get(field.substring("token_meta_".length()));
    } else {
      value = null;
      found = false;
    }
    if (!found) {
      return missingField();
    }
    raw(value);
    return 0;
  }

  private static boolean isAuthField(String name) {
    return switch (name) {
      case "token", "token_accessor", "token_duration", "token_renewable", "token_policies",
          "identity_policies", "policies" -> true;
      default -> false;
    };
  }

  private int missingField() {
    err.println("Field \"" + field + "\" not present in secret");
    err.flush();
    return 1;
  }

  /** One value alone, no trailing newline: strings as they are, the rest as Go's %v. */
  private void raw(Object value) {
    out.print(value instanceof String s ? s : GoValues.v(value));
    out.flush();
  }

  private static Map<String, Object> sorted(Map<String, ?> map) {
    Map<String, Object> result = new TreeMap<>();
    map.forEach((k, v) -> result.put(k, v instanceof Map<?, ?> m ? sortedAny(m) : v));
    return result;
  }

  private static Map<String, Object> sortedAny(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return sorted(copy);
  }

  private void print(String s) {
    out.print(s);
    out.flush();
  }

  private void println(String s) {
    out.println(s);
    out.flush();
  }

  /** Word-wraps {@code text} at {@link #WRAP} columns, continuation lines indented by {@code pad}. */
  public static String wrap(String text, int pad) {
    String indent = " ".repeat(pad);
    StringBuilder b = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() > pad && line.length() + 1 + word.length() > WRAP) {
        b.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > pad) {
        line.append(' ');
      }
      line.append(word);
    }
    return b.append(line).toString();
  }
}
