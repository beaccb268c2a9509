package io.leasehold.server.core.auth;

/**
 * An auth-method enable ({@code sys/auth/PATH}). Null config fields take the system defaults.
 *
 * @param path mount path; empty means the type's name
 * @param defaultLeaseTtl seconds
 * @param maxLeaseTtl seconds
 * @param tokenType a token-type setting name, e.g. {@code default-batch}
 */
public record EnableRequest(String path, String type, String description, Long defaultLeaseTtl,
    Long maxLeaseTtl, String tokenType) {}
