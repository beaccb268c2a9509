package io.leasehold.client.cli;

import io.leasehold.proto.v1.RevokeTokenResponse;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leasehold token revoke}: Vault's {@code vault token revoke}. */
@Command(name = "revoke", sortOptions = false,
    description = {
      "Revoke a token and, unless -mode=orphan, all its children. Revoking a token that does not"
          + " exist succeeds.",
      "",
      "Examples:",
      "  leasehold token revoke $(cat parent_token.txt)",
      "  leasehold token revoke -self",
      "  leasehold token revoke -accessor ACCESSOR",
      "  leasehold token revoke -mode=orphan TOKEN     (children become orphans)",
      "  leasehold token revoke -mode=path auth/token/create",
      ""})
final class TokenRevokeCommand extends ClientCommand {

  @Option(names = "-self", arity = "0..1", fallbackValue = "true",
      description = "Revoke the caller's own token.")
  boolean self;

  @Option(names = "-accessor", arity = "0..1", fallbackValue = "true",
      description = "Treat the argument as an accessor, not a token.")
  boolean accessor;

  @Option(names = "-mode", paramLabel = "MODE",
      description = "\"\" (default: the token and its children), orphan (only the token), or"
          + " path (every token created under the path given as the argument).")
  String mode = "";

  @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN",
      description = "The token, accessor, or (with -mode=path) path prefix.")
  String token;

  TokenRevokeCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    return "revoking token";
  }

  @Override
  protected int execute() {
    if (!List.of("", "orphan", "path").contains(mode)) {
      throw CliFailure.local("invalid -mode \"" + mode + "\": use orphan or path");
    }
    if (self && token != null) {
      throw CliFailure.local("a token cannot be given with -self");
    }
    if (!self && token == null) {
      throw CliFailure.bare("Not enough arguments (expected 1, got 0); give a token, or -self",
          ExitCodes.LOCAL_ERROR);
    }
    if (accessor && !mode.isEmpty()) {
      throw CliFailure.local("-accessor cannot be combined with -mode");
    }
    List<String> warnings;
    if (self) {
      warnings = client().revokeSelf().getWarningsList();
    } else if (accessor) {
      warnings = client().revokeAccessor(token).getWarningsList();
    } else if (mode.equals("orphan")) {
      warnings = client().revokeOrphan(token).getWarningsList();
    } else if (mode.equals("path")) {
      warnings = client().revokePrefix(token).getWarningsList();
    } else {
      RevokeTokenResponse r = client().revokeToken(token);
      warnings = r.getWarningsList();
    }
    printer().warnings(warnings);
    return success("Success! Revoked token (if it existed)");
  }
}
