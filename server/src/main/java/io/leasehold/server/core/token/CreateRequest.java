package io.leasehold.server.core.token;

import java.util.List;
import java.util.Map;

/**
 * The parameters of a token creation, as given. Durations in seconds (0: not set).
 *
 * @param id custom token ID, or empty
 * @param type {@code ""}, {@code service}, {@code batch}, or anything else (refused)
 * @param renewable null: not given (true)
 */
public record CreateRequest(
    String id,
    List<String> policies,
    Map<String, String> meta,
    boolean noParent,
    boolean noDefaultPolicy,
    Boolean renewable,
    long ttl,
    String type,
    long explicitMaxTtl,
    String displayName,
    long numUses,
    long period) {

  public CreateRequest {
    id = id == null ? "" : id;
    policies = policies == null ? List.of() : List.copyOf(policies);
    meta = meta == null ? Map.of() : Map.copyOf(meta);
    type = type == null ? "" : type;
    displayName = displayName == null ? "" : displayName;
  }

  /** A request with nothing set: inherit everything. */
  public static CreateRequest empty() {
    return new CreateRequest("", List.of(), Map.of(), false, false, null, 0, "", 0, "", 0, 0);
  }
}
