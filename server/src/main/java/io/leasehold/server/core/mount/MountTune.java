package io.leasehold.server.core.mount;

/**
 * A mount's effective lease settings: its tuned values, or the system defaults where not tuned.
 *
 * @param defaultLeaseTtl seconds
 * @param maxLeaseTtl seconds
 * @param description free text
 * @param tokenType {@code default-service}, {@code default-batch}, {@code service} or {@code batch}
 */
public record MountTune(
    long defaultLeaseTtl, long maxLeaseTtl, String description, String tokenType) {}
