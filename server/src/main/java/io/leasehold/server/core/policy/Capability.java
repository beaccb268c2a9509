package io.leasehold.server.core.policy;

import io.leasehold.server.core.request.Operation;
import java.util.Optional;

/**
 * What a path rule grants. The first eight are the capabilities a policy may name (Vault's, less
 * {@code subscribe} and {@code recover}, which need features Leasehold does not have); {@link #ROOT}
 * never appears in a policy and is only what a capabilities answer says for the root policy.
 */
public enum Capability {
  CREATE("create"),
  READ("read"),
  UPDATE("update"),
  PATCH("patch"),
  DELETE("delete"),
  LIST("list"),
  SUDO("sudo"),
  /** Overrides every other capability on the same path string. */
  DENY("deny"),
  /** Marker: the root policy, which may do everything everywhere. Not accepted in a policy. */
  ROOT("root");

  private final String text;
  final int bit;

  Capability(String text) {
    this.text = text;
    this.bit = 1 << ordinal();
  }

  /** The name a policy uses, e.g. {@code read}. */
  public String text() {
    return text;
  }

  /** The capability a policy may name with {@code text}; empty for anything else, {@code root} included. */
  public static Optional<Capability> fromPolicyText(String text) {
    for (Capability c : values()) {
      if (c != ROOT && c.text.equals(text)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The capability an operation needs: read→read, list→list, update→update, and so on. */
  public static Capability of(Operation operation) {
    return switch (operation) {
      case CREATE -> CREATE;
      case READ -> READ;
      case UPDATE -> UPDATE;
      case PATCH -> PATCH;
      case DELETE -> DELETE;
      case LIST -> LIST;
    };
  }
}
