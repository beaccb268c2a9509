package io.leasehold.server.core.mount;

/**
 * An enabled auth method.
 *
 * @param path with trailing slash, e.g. {@code token/}
 * @param type e.g. {@code token}, {@code approle}
 * @param accessor stable identifier, e.g. {@code auth_token_1a2b3c4d}
 * @param uuid names the mount's own storage; empty for the token mount, which has none of its own
 * @param tune effective settings
 * @param tunedDefaultLeaseTtl the default TTL as tuned, seconds; 0 means the system default
 * @param tunedMaxLeaseTtl the max TTL as tuned, seconds; 0 means the system default
 */
public record AuthMount(String path, String type, String accessor, String uuid, MountTune tune,
    long tunedDefaultLeaseTtl, long tunedMaxLeaseTtl) {

  /** The prefix of the creation path of every token this mount issues, e.g. {@code auth/approle/}. */
  public String tokenPathPrefix() {
    return "auth/" + path;
  }
}
