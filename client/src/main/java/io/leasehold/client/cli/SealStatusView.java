package io.leasehold.client.cli;

import io.leasehold.client.output.Printer;
import io.leasehold.proto.v1.SealStatusResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seal status as Vault's CLI shows it after {@code vault status} and each {@code vault operator
 * unseal}: the Key/Value table (unseal progress and nonce only while sealed, the cluster only once
 * it is known) or Vault's {@code sys/seal-status} JSON.
 */
final class SealStatusView {
  private SealStatusView() {}

  /** Prints {@code s} with {@code printer}; returns the printer's exit code. */
  static int print(Printer printer, SealStatusResponse s) {
    return printer.ordered(rows(s), json(s));
  }

  static List<List<String>> rows(SealStatusResponse s) {
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
      rows.add(List.of("Unseal Nonce", s.getNonce())); // n/a until a key is given
    }
    rows.add(List.of("Version", s.getVersion()));
    rows.add(List.of("Storage Type", s.getStorageType()));
    if (!s.getClusterName().isEmpty() && !s.getClusterId().isEmpty()) {
      rows.add(List.of("Cluster Name", s.getClusterName()));
      rows.add(List.of("Cluster ID", s.getClusterId()));
    }
    rows.add(List.of("HA Enabled", String.valueOf(s.getHaEnabled())));
    return rows;
  }

  /** Vault's field names and order; the cluster fields are left out while unknown, as Vault's. */
  static Map<String, Object> json(SealStatusResponse s) {
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
    if (!s.getClusterName().isEmpty()) {
      json.put("cluster_name", s.getClusterName());
    }
    if (!s.getClusterId().isEmpty()) {
      json.put("cluster_id", s.getClusterId());
    }
    json.put("recovery_seal", false);
    json.put("storage_type", s.getStorageType());
    json.put("ha_enabled", s.getHaEnabled());
    return json;
  }
}
