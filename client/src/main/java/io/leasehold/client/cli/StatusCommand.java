package io.leasehold.client.cli;

import io.leasehold.proto.v1.SealStatusResponse;
import picocli.CommandLine.Command;

/** {@code leasehold status}: Vault's {@code vault status}. */
@Command(name = "status",
    description = {
      "Print the server's seal status. Needs no token.",
      "",
      "Exit codes: 0 unsealed, 1 error (e.g. the server cannot be reached), 2 sealed.",
      ""})
final class StatusCommand extends ClientCommand {

  StatusCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected String failure() {
    return "checking seal status";
  }

  /** Vault's status exits 1 on errors, keeping 2 for "sealed". */
  @Override
  protected int remoteErrorExitCode() {
    return ExitCodes.LOCAL_ERROR;
  }

  @Override
  protected int execute() {
    SealStatusResponse s = client().sealStatus();
    int code = SealStatusView.print(printer(), s);
    return code != ExitCodes.OK ? code : s.getSealed() ? ExitCodes.REMOTE_ERROR : ExitCodes.OK;
  }
}
