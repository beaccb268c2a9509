package io.leasehold.client.output;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One response in Vault's envelope: {@code data}, {@code warnings} and, for anything that issues a
 * token, {@code auth}. The printers render it as Vault's table, JSON or YAML.
 *
 * <p>Data values are JSON-like: {@code String}, {@code Long}/{@code Integer}, {@code Boolean},
 * {@code List}, {@code Map<String, ?>} or {@code null}; durations are whole seconds, times RFC 3339
 * strings.
 *
 * @param data the data block, in the order to print in JSON; null for none
 * @param auth the auth block; null for none
 * @param warnings the server's warnings (never null)
 */
public record Secret(Map<String, Object> data, Auth auth, List<String> warnings) {

  public Secret {
    data = data == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A response carrying only data. */
  public static Secret ofData(Map<String, Object> data, List<String> warnings) {
    return new Secret(data, null, warnings);
  }

  /** A response carrying an auth block (token create, renew, login). */
  public static Secret ofAuth(Auth auth, List<String> warnings) {
    return new Secret(null, auth, warnings);
  }

  /**
   * Vault's {@code auth} block.
   *
   * @param clientToken the token (empty when the server does not return it)
   * @param accessor its accessor (empty for batch tokens)
   * @param policies token and identity policies
   * @param tokenPolicies the token's own policies
   * @param identityPolicies always empty in Leasehold
   * @param metadata the token's metadata (empty map prints as null)
   * @param orphan whether it has no parent
   * @param entityId always empty in Leasehold
   * @param leaseDurationSeconds its TTL; 0 for a token that never expires
   * @param renewable whether it can be renewed
   */
  public record Auth(String clientToken, String accessor, List<String> policies,
      List<String> tokenPolicies, List<String> identityPolicies, Map<String, String> metadata,
      boolean orphan, String entityId, long leaseDurationSeconds, boolean renewable) {

    public Auth {
      policies = List.copyOf(policies);
      tokenPolicies = List.copyOf(tokenPolicies);
      identityPolicies = List.copyOf(identityPolicies);
      metadata = Collections.unmodifiableMap(new java.util.TreeMap<>(metadata));
    }
  }
}
