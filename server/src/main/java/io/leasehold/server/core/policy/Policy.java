package io.leasehold.server.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * A named, parsed ACL policy.
 *
 * @param name the policy's name, e.g. {@code default}
 * @param raw the text it was parsed from (empty for {@code root}, which has no text)
 * @param rules its path rules in source order; two blocks for the same path both appear here and
 *     are merged (union, deny wins) when an {@link Acl} is compiled, as Vault does
 */
public record Policy(String name, String raw, List<PathRule> rules) {
  /** The name of the policy that may do everything. */
  public static final String ROOT_NAME = "root";

  public Policy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(raw, "raw");
    rules = List.copyOf(rules);
  }

  /** The root policy: no text, no rules; an ACL that holds it allows everything. */
  public static Policy root() {
    return new Policy(ROOT_NAME, "", List.of());
  }

  /** Whether any rule's path holds an identity template. */
  public boolean templated() {
    return rules.stream().anyMatch(PathRule::templated);
  }
}
