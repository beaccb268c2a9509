package io.leasehold.server.core.policy;

/**
 * The built-in {@code default} policy: what every token gets unless created with
 * {@code no_default_policy}. Same paths and capabilities as Vault's, in our own words. It is
 * created when missing and may be edited, but not deleted.
 */
public final class DefaultPolicy {
  /** The policy's name. */
  public static final String NAME = "default";

  /** The text stored for {@code default} when it is first created. */
  public static final String TEXT = """
      # The default policy: what any token may do with itself. Every token carries it unless it
      # was created with no_default_policy. Edit it to widen or narrow that baseline for everyone.

      # A token may read its own properties (TTL, policies, metadata, uses left)...
      path "auth/token/lookup-self" {
          capabilities = ["read"]
      }

      # ...extend its own lease...
      path "auth/token/renew-self" {
          capabilities = ["update"]
      }

      # ...and revoke itself, with its children.
      path "auth/token/revoke-self" {
          capabilities = ["update"]
      }

      # Ask what it may do on a given path.
      path "sys/capabilities-self" {
          capabilities = ["update"]
      }

      # Read the identity entity it belongs to, by ID or by name. (Templated paths: they only
      # apply to tokens that have an entity.)
      path "identity/entity/id/{{identity.entity.id}}" {
          capabilities = ["read"]
      }

      path "identity/entity/name/{{identity.entity.name}}" {
          capabilities = ["read"]
      }

      # The combined ACL of its policies, which a UI uses to decide what to show.
      path "sys/internal/ui/resultant-acl" {
          capabilities = ["read"]
      }

      # Renew leases it holds (sys/renew is the older name of sys/leases/renew)...
      path "sys/renew" {
          capabilities = ["update"]
      }

      path "sys/leases/renew" {
          capabilities = ["update"]
      }

      # ...and look a lease up.
      path "sys/leases/lookup" {
          capabilities = ["update"]
      }

      # Its own private storage, which nothing else can read and which goes away with it.
      path "cubbyhole/*" {
          capabilities = ["create", "read", "update", "delete", "list"]
      }

      # Response wrapping: wrap data, inspect a wrapping token, unwrap one.
      path "sys/wrapping/wrap" {
          capabilities = ["update"]
      }

      path "sys/wrapping/lookup" {
          capabilities = ["update"]
      }

      path "sys/wrapping/unwrap" {
          capabilities = ["update"]
      }

      # Hash data with the server's hashing endpoint, with or without an algorithm in the path.
      path "sys/tools/hash" {
          capabilities = ["update"]
      }

      path "sys/tools/hash/*" {
          capabilities = ["update"]
      }

      # Ask for the approval of a control-group request.
      path "sys/control-group/request" {
          capabilities = ["update"]
      }

      # Use any OIDC provider's authorize endpoint.
      path "identity/oidc/provider/+/authorize" {
          capabilities = ["read", "update"]
      }
      """;

  private DefaultPolicy() {}

  /** {@link #TEXT} parsed. */
  public static Policy policy() {
    return PolicyParser.parse(NAME, TEXT);
  }
}
