package io.leasehold.server.core.mount;

/**
 * A tune write. Every field is optional: null leaves the value unchanged. A TTL of 0 resets it to
 * the system default.
 */
public record TuneRequest(
    String path, Long defaultLeaseTtl, Long maxLeaseTtl, String description, String tokenType) {}
