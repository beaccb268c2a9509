package io.leasehold.server.core.mount;

/**
 * Server-wide lease limits that mounts inherit unless tuned: Vault's 768h (32 days) for both unless
 * the server configuration says otherwise.
 */
public record SystemDefaults(long defaultLeaseTtl, long maxLeaseTtl) {
  /** 32 days, in seconds. */
  public static final long VAULT_DEFAULT_TTL = 768L * 3600;

  /** Vault's defaults. */
  public static SystemDefaults vault() {
    return new SystemDefaults(VAULT_DEFAULT_TTL, VAULT_DEFAULT_TTL);
  }
}
