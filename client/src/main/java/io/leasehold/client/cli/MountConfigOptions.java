package io.leasehold.client.cli;

import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.cli.paths.Settings;
import io.leasehold.proto.v1.TokenTypeSetting;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The flags {@code auth enable} and {@code auth tune} share: an auth mount's TTLs and token type.
 * Each is applied only when given.
 */
final class MountConfigOptions {
  @Option(names = "-default-lease-ttl", paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description = "Default TTL of the tokens the method issues (0: the system default).")
  Duration defaultLeaseTtl;

  @Option(names = "-max-lease-ttl", paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description = "Maximum TTL of the tokens the method issues (0: the system default).")
  Duration maxLeaseTtl;

  @Option(names = "-token-type", paramLabel = "TYPE",
      description = "Type of the tokens logins issue: default-service, default-batch, service"
          + " or batch (not on token/).")
  String tokenType;

  /**
   * Hands each given value to its setter.
   *
   * @throws io.leasehold.client.cli.paths.PathException for an unknown token type
   */
  void applyTo(Consumer<com.google.protobuf.Duration> defaultTtl,
      Consumer<com.google.protobuf.Duration> maxTtl, Consumer<TokenTypeSetting> type) {
    if (defaultLeaseTtl != null) {
      defaultTtl.accept(LeaseholdClient.toProto(defaultLeaseTtl));
    }
    if (maxLeaseTtl != null) {
      maxTtl.accept(LeaseholdClient.toProto(maxLeaseTtl));
    }
    if (tokenType != null) {
      type.accept(Settings.tokenTypeSetting(tokenType));
    }
  }
}
