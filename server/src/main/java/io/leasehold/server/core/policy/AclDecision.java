package io.leasehold.server.core.policy;

/**
 * The answer to {@link Acl#check}.
 *
 * @param allowed whether the operation may go ahead (sudo included, when the check asked for it)
 * @param sudo whether the caller holds {@code sudo} on the path (always, for root)
 * @param root whether the answer came from the root policy
 */
public record AclDecision(boolean allowed, boolean sudo, boolean root) {
  static final AclDecision ROOT = new AclDecision(true, true, true);
  static final AclDecision DENIED = new AclDecision(false, false, false);
  private static final AclDecision ALLOWED = new AclDecision(true, false, false);
  private static final AclDecision ALLOWED_SUDO = new AclDecision(true, true, false);
  private static final AclDecision DENIED_SUDO = new AclDecision(false, true, false);

  static AclDecision of(boolean allowed, boolean sudo) {
    if (allowed) {
      return sudo ? ALLOWED_SUDO : ALLOWED;
    }
    return sudo ? DENIED_SUDO : DENIED;
  }
}
