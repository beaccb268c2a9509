package io.leasehold.client.cli;

import io.leasehold.client.output.Secret;
import io.leasehold.client.output.TokenViews;
import io.leasehold.proto.v1.RenewTokenResponse;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leasehold token renew}: Vault's {@code vault token renew}. */
@Command(name = "renew", sortOptions = false,
    description = {
      "Renew a token's lease, extending its TTL (never past its max TTL). Renews the caller's"
          + " own token when none is given.",
      "",
      "Examples:",
      "  leasehold token renew",
      "  leasehold token renew -increment=60 $TOKEN",
      "  leasehold token renew -accessor ACCESSOR",
      ""})
final class TokenRenewCommand extends ClientCommand {

  @Option(names = {"-increment", "-i"}, paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description = "Requested new TTL from now (e.g. 60, 1h); ignored for periodic tokens."
          + " Default: the token's last TTL.")
  Duration increment;

  @Option(names = "-accessor", arity = "0..1", fallbackValue = "true",
      description = "Treat the argument as an accessor, not a token.")
  boolean accessor;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN",
      description = "The token (or accessor) to renew; default: the caller's token.")
  String token;

  TokenRenewCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    return "renewing token";
  }

  @Override
  protected int execute() {
    Duration inc = increment == null || increment.isZero() ? null : increment;
    RenewTokenResponse r;
    if (accessor) {
      if (token == null) {
        throw CliFailure.local("-accessor needs the accessor as its argument");
      }
      r = client().renewAccessor(token, inc);
    } else if (token == null) {
      r = client().renewSelf(inc);
    } else {
      r = client().renewToken(token, inc);
    }
    return printer().secret(Secret.ofAuth(TokenViews.auth(r.getAuth()), r.getWarningsList()));
  }
}
