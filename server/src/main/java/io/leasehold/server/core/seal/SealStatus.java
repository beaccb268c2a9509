package io.leasehold.server.core.seal;

/**
 * What {@code sys/seal-status} reports (Vault's fields). The cluster name and ID are empty while
 * sealed; threshold and shares are 0 before init.
 */
public record SealStatus(
    String type,
    boolean initialized,
    boolean sealed,
    int threshold,
    int shares,
    int progress,
    String nonce,
    String version,
    String storageType,
    String clusterName,
    String clusterId) {}
