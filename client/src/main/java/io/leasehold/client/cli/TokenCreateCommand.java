package io.leasehold.client.cli;

import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.output.Secret;
import io.leasehold.client.output.TokenViews;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.client.cli.paths.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leasehold token create}: Vault's {@code vault token create}. */
@Command(name = "create", sortOptions = false,
    description = {
      "Create a new token, a child of the caller's token unless -orphan is given or a role"
          + " makes it an orphan.",
      "",
      "Examples:",
      "  leasehold token create -ttl=1h -use-limit=2 -policy=default",
      "  leasehold token create -policy=default -period=24h",
      "  leasehold token create -type=batch -policy=test -ttl=20m",
      "  leasehold token create -role=zabbix",
      "  leasehold token create -ttl=60 -policy=test -format=json | jq -r .auth.client_token",
      ""})
final class TokenCreateCommand extends ClientCommand {

  @Option(names = "-ttl", paramLabel = "DURATION", converter = Converters.GoDuration.class,
      description = "Initial TTL (e.g. 30s, 1h, or seconds). Default: the mount's default TTL.")
  Duration ttl;

  @Option(names = "-explicit-max-ttl", paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description = "Hard limit on the token's life, across renewals.")
  Duration explicitMaxTtl;

  @Option(names = "-period", paramLabel = "DURATION", converter = Converters.GoDuration.class,
      description = "Make a periodic token: each renewal resets its TTL to this (root or sudo).")
  Duration period;

  @Option(names = "-policy", paramLabel = "NAME",
      description = "A policy to attach; repeat or separate with commas for several."
          + " Default: the caller's policies.")
  List<String> policies = new ArrayList<>();

  @Option(names = "-use-limit", paramLabel = "N",
      description = "Number of uses before the token is revoked (0: unlimited).")
  long useLimit;

  @Option(names = "-orphan", arity = "0..1", fallbackValue = "true",
      description = "Create a token with no parent (root or sudo on auth/token/create).")
  boolean orphan;

  @Option(names = "-renewable", arity = "0..1", fallbackValue = "true",
      description = "Whether the token can be renewed (default true; -renewable=false).")
  boolean renewable = true;

  @Option(names = "-role", paramLabel = "NAME",
      description = "Create the token against this token role (auth/token/create/NAME).")
  String role;

  @Option(names = "-type", paramLabel = "TYPE",
      description = "service (default) or batch.")
  String type;

  @Option(names = "-display-name", paramLabel = "NAME", description = "Display name.")
  String displayName;

  @Option(names = "-id", paramLabel = "ID",
      description = "Custom token ID (root or sudo).")
  String id;

  @Option(names = "-metadata", paramLabel = "K=V",
      description = "Metadata key=value; repeat for several.")
  List<String> metadata = new ArrayList<>();

  @Option(names = "-no-default-policy", arity = "0..1", fallbackValue = "true",
      description = "Do not attach the default policy.")
  boolean noDefaultPolicy;

  TokenCreateCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    return "creating token";
  }

  @Override
  protected int execute() {
    CreateTokenRequest.Builder b = CreateTokenRequest.newBuilder()
        .addAllPolicies(splitCommas(policies))
        .setNoParent(orphan)
        .setNoDefaultPolicy(noDefaultPolicy)
        .setRenewable(renewable)
        .setNumUses(useLimit)
        .setType(Settings.tokenType(type));
    positive(ttl, b::setTtl);
    positive(explicitMaxTtl, b::setExplicitMaxTtl);
    positive(period, b::setPeriod);
    if (displayName != null) {
      b.setDisplayName(displayName);
    }
    if (id != null) {
      b.setId(id);
    }
    for (String kv : metadata) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw CliFailure.local("metadata must be key=value, got '" + kv + "'");
      }
      b.putMeta(kv.substring(0, eq), kv.substring(eq + 1));
    }
    CreateTokenResponse response;
    if (role != null && !role.isEmpty()) {
      response = client().createTokenAgainstRole(b.setRoleName(role).build());
    } else {
      response = client().createToken(b.build());
    }
    return printer().secret(
        Secret.ofAuth(TokenViews.auth(response.getAuth()), response.getWarningsList()));
  }

  /** Sets a duration that was given and is not zero (Vault sends "0s" as "not set"). */
  private static void positive(Duration d,
      java.util.function.Consumer<com.google.protobuf.Duration> setter) {
    if (d != null && !d.isZero()) {
      setter.accept(LeaseholdClient.toProto(d));
    }
  }

  static List<String> splitCommas(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

}
