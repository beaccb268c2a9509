package io.leasehold.client.cli.paths;

import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.output.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Vault path the generic {@code read/write/list/delete} commands serve, and the typed RPC
 * behind it.
 *
 * <p>Patterns are Vault paths with variables: {@code {name}} matches one segment, {@code {name*}}
 * the rest of the path (at least one character), {@code {name?}} the rest or nothing. For example
 * {@code auth/token/roles/{role}} or {@code sys/leases/revoke-prefix/{prefix*}}.
 *
 * @param pattern the path pattern, as shown in help
 * @param ops the operations served
 * @param handler the call
 */
public record PathRoute(String pattern, Set<PathOp> ops, Handler handler) {

  /** Does the call for one matched request. */
  @FunctionalInterface
  public interface Handler {
    /**
     * @return the response to print, or null when there is none (Vault's 204: the command prints
     *     its {@code Success!} line); a list answers with data {@code keys}
     */
    Secret handle(Request request);
  }

  /**
   * A matched request.
   *
   * @param op the operation
   * @param path the path as given
   * @param vars the pattern's variables
   * @param data the {@code key=value} data
   * @param client the client to call
   */
  public record Request(PathOp op, String path, Map<String, String> vars, PathData data,
      LeaseholdClient client) {
    public String var(String name) {
      return vars.get(name);
    }
  }

  /** A route serving {@code ops} on {@code pattern}. */
  public static PathRoute of(String pattern, Set<PathOp> ops, Handler handler) {
    return new PathRoute(pattern, Set.copyOf(ops), handler);
  }

  /** The variables if {@code path} matches this pattern, else null. */
  Map<String, String> match(String path) {
    Matcher m = regex().matcher(path);
    if (!m.matches()) {
      return null;
    }
    Map<String, String> vars = new HashMap<>();
    List<String> names = names();
    for (int i = 0; i < names.size(); i++) {
      vars.put(names.get(i), m.group(i + 1));
    }
    return vars;
  }

  private static final Pattern VAR = Pattern.compile("\\{([a-z_]+)([*?]?)}");

  private Pattern regex() {
    StringBuilder re = new StringBuilder();
    Matcher m = VAR.matcher(pattern);
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(pattern.substring(last, m.start())));
      re.append(switch (m.group(2)) {
        case "*" -> "(.+)";
        case "?" -> "(.*)";
        default -> "([^/]+)";
      });
      last = m.end();
    }
    re.append(Pattern.quote(pattern.substring(last)));
    return Pattern.compile(re.toString());
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    Matcher m = VAR.matcher(pattern);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
