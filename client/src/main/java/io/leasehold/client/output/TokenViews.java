package io.leasehold.client.output;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Token protos in Vault's shapes: the {@code auth} block and the lookup {@code data} block. */
public final class TokenViews {
  private TokenViews() {}

  /** Vault's {@code auth} block of a create, renew or login response. */
  public static Secret.Auth auth(TokenAuth a) {
    return new Secret.Auth(a.getClientToken(), a.getAccessor(), a.getPoliciesList(),
        a.getTokenPoliciesList(), a.getIdentityPoliciesList(), a.getMetadataMap(), a.getOrphan(),
        a.getEntityId(), a.getLeaseDuration().getSeconds(), a.getRenewable());
  }

  /** The auth block Vault's {@code login} shows for a token it looked up. */
  public static Secret.Auth auth(TokenInfo info, String token) {
    return new Secret.Auth(token, info.getAccessor(), info.getPoliciesList(),
        info.getPoliciesList(), info.getIdentityPoliciesList(), info.getMetaMap(),
        info.getOrphan(), info.getEntityId(), info.getTtl().getSeconds(),
        info.hasRenewable() && info.getRenewable());
  }

  /**
   * Vault's lookup {@code data}: times as unix seconds ({@code creation_time}) or RFC 3339
   * ({@code expire_time}, {@code issue_time}), durations as whole seconds, {@code meta} and
   * {@code expire_time} null when absent, {@code period}/{@code role}/renewal times only when set.
   */
  public static Map<String, Object> lookupData(TokenInfo t) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("accessor", t.getAccessor());
    d.put("creation_time", t.getCreationTime().getSeconds());
    d.put("creation_ttl", seconds(t.getCreationTtl()));
    d.put("display_name", t.getDisplayName());
    d.put("entity_id", t.getEntityId());
    d.put("expire_time", t.hasExpireTime() ? rfc3339(t.getExpireTime()) : null);
    d.put("explicit_max_ttl", seconds(t.getExplicitMaxTtl()));
    d.put("id", t.getId());
    d.put("issue_time", t.hasIssueTime() ? rfc3339(t.getIssueTime()) : null);
    d.put("meta", t.getMetaCount() == 0 ? null : new TreeMap<>(t.getMetaMap()));
    d.put("num_uses", t.getNumUses());
    d.put("orphan", t.getOrphan());
    d.put("path", t.getPath());
    d.put("policies", new ArrayList<>(t.getPoliciesList()));
    d.put("renewable", t.hasRenewable() && t.getRenewable());
    d.put("ttl", seconds(t.getTtl()));
    d.put("type", t.getType() == TokenType.TOKEN_TYPE_BATCH ? "batch" : "service");
    if (t.hasPeriod() && t.getPeriod().getSeconds() > 0) {
      d.put("period", seconds(t.getPeriod()));
    }
    if (!t.getRole().isEmpty()) {
      d.put("role", t.getRole());
    }
    if (t.hasLastRenewalTime()) {
      d.put("last_renewal_time", t.getLastRenewalTime().getSeconds());
      d.put("last_renewal", rfc3339(t.getLastRenewalTime()));
    }
    if (t.getIdentityPoliciesCount() > 0) {
      d.put("identity_policies", new ArrayList<>(t.getIdentityPoliciesList()));
    }
    if (t.getBoundCidrsCount() > 0) {
      d.put("bound_cidrs", new ArrayList<>(t.getBoundCidrsList()));
    }
    return d;
  }

  public static long seconds(Duration d) {
    return d.getSeconds();
  }

  /** RFC 3339 in UTC with as many fraction digits as needed, as Go prints RFC3339Nano. */
  public static String rfc3339(Timestamp ts) {
    Instant instant = Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    String s = DateTimeFormatter.ISO_INSTANT.format(instant);
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    String fraction = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
    return s.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
  }
}
