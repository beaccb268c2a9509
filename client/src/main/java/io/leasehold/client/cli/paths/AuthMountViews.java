package io.leasehold.client.cli.paths;

import io.leasehold.client.GoDurations;
import io.leasehold.proto.v1.AuthMount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Auth mounts as Vault shows them, for {@code read sys/auth} and {@code auth list}: the mount's
 * own config (a TTL of 0 is "system": the effective value is the system default).
 */
public final class AuthMountViews {
  private AuthMountViews() {}

  /** Path to mount entry, in Vault's JSON shape ({@code config} with the tuned TTLs). */
  public static Map<String, Object> data(List<AuthMount> mounts) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (AuthMount m : mounts) {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("default_lease_ttl", m.getTunedDefaultLeaseTtl().getSeconds());
      config.put("force_no_cache", false);
      config.put("max_lease_ttl", m.getTunedMaxLeaseTtl().getSeconds());
      config.put("token_type", Settings.name(m.getTokenType()));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("accessor", m.getAccessor());
      entry.put("config", config);
      entry.put("description", m.getDescription());
      entry.put("local", false);
      entry.put("seal_wrap", false);
      entry.put("type", m.getType());
      data.put(m.getPath(), entry);
    }
    return data;
  }

  /** A TTL column of {@code auth list -detailed}: {@code system} when not tuned, else e.g. 8h. */
  public static String ttlCell(com.google.protobuf.Duration tuned) {
    return tuned.getSeconds() == 0 ? "system" : GoDurations.human(tuned.getSeconds());
  }
}
