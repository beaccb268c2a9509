package io.leasehold.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leasehold lease revoke -prefix}: Vault's {@code vault lease revoke -prefix}. */
@Command(name = "revoke", sortOptions = false,
    description = {
      "Revoke leases. Leasehold's leases are its tokens, so this revokes, with their children,"
          + " every token created under a path prefix (root or sudo on"
          + " sys/leases/revoke-prefix).",
      "",
      "Example:",
      "  leasehold lease revoke -prefix auth/token/create",
      ""})
final class LeaseRevokeCommand extends ClientCommand {
  @Option(names = "-prefix", arity = "0..1", fallbackValue = "true",
      description = "Treat the argument as a path prefix (the only mode for now).")
  boolean prefix;

  @Parameters(index = "0", paramLabel = "PREFIX", description = "e.g. auth/token/create.")
  String target;

  LeaseRevokeCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    return "revoking leases";
  }

  @Override
  protected int execute() {
    if (!prefix) {
      throw CliFailure.local("only -prefix is supported: leasehold lease revoke -prefix PREFIX"
          + " (revoke single tokens with leasehold token revoke)");
    }
    printer().warnings(client().revokePrefix(target).getWarningsList());
    return success("All revocation operations queued successfully!");
  }
}
