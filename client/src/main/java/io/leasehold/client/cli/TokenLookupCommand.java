package io.leasehold.client.cli;

import io.leasehold.client.output.Secret;
import io.leasehold.client.output.TokenViews;
import io.leasehold.proto.v1.LookupTokenResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leasehold token lookup}: Vault's {@code vault token lookup}. */
@Command(name = "lookup", sortOptions = false,
    description = {
      "Show a token's properties: the caller's own token when none is given, another token,"
          + " or (with -accessor) the token with that accessor.",
      "",
      "Examples:",
      "  leasehold token lookup",
      "  leasehold token lookup s.xxxxxxxxxxxxxxxxxxxxxxxx",
      "  leasehold token lookup -accessor ACCESSOR",
      "  leasehold token lookup -format=json TOKEN | jq -r .data.policies",
      ""})
final class TokenLookupCommand extends ClientCommand {

  @Option(names = "-accessor", arity = "0..1", fallbackValue = "true",
      description = "Treat the argument as an accessor, not a token.")
  boolean accessor;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN",
      description = "The token (or accessor) to look up; default: the caller's token.")
  String token;

  TokenLookupCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    return "looking up token";
  }

  @Override
  protected int execute() {
    LookupTokenResponse r;
    if (accessor) {
      if (token == null) {
        throw CliFailure.local("-accessor needs the accessor as its argument");
      }
      r = client().lookupAccessor(token);
    } else if (token == null) {
      r = client().lookupSelf();
    } else {
      r = client().lookupToken(token);
    }
    return printer().secret(Secret.ofData(TokenViews.lookupData(r.getData()), r.getWarningsList()));
  }
}
