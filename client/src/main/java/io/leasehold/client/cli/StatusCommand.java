package io.leasehold.client.cli;

import io.leasehold.proto.v1.SealStatusResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Key", "Value"));
    rows.add(List.of("---", "-----"));
    rows.add(List.of("Seal Type", s.getType()));
    rows.add(List.of("Initialized", String.valueOf(s.getInitialized())));
    rows.add(List.of("Sealed", String.valueOf(s.getSealed())));
    rows.add(List.of("Total Shares", String.valueOf(s.getN())));
    rows.add(List.of("Threshold", String.valueOf(s.getT())));
    if (s.getSealed()) {
      rows.add(List.of("Unseal Progress", s.getProgress() + "/" + s.getT()));
      rows.add(List.of("Unseal Nonce", s.getNonce()));
    }
    rows.add(List.of("Version", s.getVersion()));
    rows.add(List.of("Storage Type", s.getStorageType()));
    if (!s.getSealed()) {
      rows.add(List.of("Cluster Name", s.getClusterName()));
      rows.add(List.of("Cluster ID", s.getClusterId()));
    }
    rows.add(List.of("HA Enabled", String.valueOf(s.getHaEnabled())));

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", s.getType());
    json.put("initialized", s.getInitialized());
    json.put("sealed", s.getSealed());
    json.put("t", (long) s.getT());
    json.put("n", (long) s.getN());
    json.put("progress", (long) s.getProgress());
    json.put("nonce", s.getNonce());
    json.put("version", s.getVersion());
    json.put("build_date", "");
    json.put("migration", false);
    json.put("cluster_name", s.getClusterName());
    json.put("cluster_id", s.getClusterId());
    json.put("recovery_seal", false);
    json.put("storage_type", s.getStorageType());
    json.put("ha_enabled", s.getHaEnabled());
    int code = printer().ordered(rows, json);
    return code != ExitCodes.OK ? code : s.getSealed() ? ExitCodes.REMOTE_ERROR : ExitCodes.OK;
  }
}
