package io.leasehold.server.core.mount;

/**
 * An enabled auth method.
 *
 * @param path with trailing slash, e.g. {@code token/}
 * @param type e.g. {@code token}
 * @param accessor stable identifier, e.g. {@code auth_token_1a2b3c4d}
 * @param tune effective settings
 */
public record AuthMount(String path, String type, String accessor, MountTune tune) {}
