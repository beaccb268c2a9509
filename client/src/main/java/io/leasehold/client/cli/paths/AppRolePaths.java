package io.leasehold.client.cli.paths;

import static io.leasehold.client.cli.paths.PathOp.DELETE;
import static io.leasehold.client.cli.paths.PathOp.LIST;
import static io.leasehold.client.cli.paths.PathOp.READ;
import static io.leasehold.client.cli.paths.PathOp.WRITE;
import static io.leasehold.client.cli.paths.TokenPaths.keys;
import static io.leasehold.client.cli.paths.TokenPaths.list;
import static io.leasehold.client.cli.paths.TokenPaths.set;
import static io.leasehold.client.cli.paths.TokenPaths.setDuration;
import static io.leasehold.client.cli.paths.TokenPaths.warnings;

import io.leasehold.client.AppRoleClient;
import io.leasehold.client.output.Secret;
import io.leasehold.client.output.TokenViews;
import io.leasehold.proto.v1.AppRole;
import io.leasehold.proto.v1.AppRoleLoginResponse;
import io.leasehold.proto.v1.GenerateSecretIdRequest;
import io.leasehold.proto.v1.GenerateSecretIdResponse;
import io.leasehold.proto.v1.SecretIdInfo;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.proto.v1.WriteAppRoleRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The AppRole auth method's paths ({@code auth/MOUNT/role/...}, {@code auth/MOUNT/login}) for the
 * generic path commands, at any mount ({@code approle} or e.g. {@code ci/approle}). Fields are
 * read as Vault's endpoints read them (see {@link PathData}); answers have Vault's field names.
 */
final class AppRolePaths {
  /** What Go prints for a zero time: Vault's expiration_time of a secret ID that never expires. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private AppRolePaths() {}

  static List<PathRoute> routes() {
    return List.of(
        PathRoute.of("auth/{mount*}/role", Set.of(LIST),
            r -> keys(approle(r).listRoles(r.var("mount")))),
        PathRoute.of("auth/{mount*}/role/{role}", Set.of(READ, WRITE, DELETE),
            AppRolePaths::role),
        PathRoute.of("auth/{mount*}/role/{role}/role-id", Set.of(READ, WRITE),
            AppRolePaths::roleId),
        PathRoute.of("auth/{mount*}/role/{role}/secret-id", Set.of(WRITE, LIST),
            AppRolePaths::secretId),
        PathRoute.of("auth/{mount*}/role/{role}/secret-id/lookup", Set.of(WRITE),
            r -> info(approle(r).lookupSecretId(r.var("mount"), r.var("role"),
                r.data().string("secret_id", "")))),
        PathRoute.of("auth/{mount*}/role/{role}/secret-id/destroy", Set.of(WRITE, DELETE), r -> {
          approle(r).destroySecretId(r.var("mount"), r.var("role"),
              r.data().string("secret_id", ""));
          return null;
        }),
        PathRoute.of("auth/{mount*}/role/{role}/secret-id-accessor/lookup", Set.of(WRITE),
            r -> info(approle(r).lookupSecretIdAccessor(r.var("mount"), r.var("role"),
                r.data().string("secret_id_accessor", "")))),
        PathRoute.of("auth/{mount*}/role/{role}/secret-id-accessor/destroy",
            Set.of(WRITE, DELETE), r -> {
              approle(r).destroySecretIdAccessor(r.var("mount"), r.var("role"),
                  r.data().string("secret_id_accessor", ""));
              return null;
            }),
        PathRoute.of("auth/{mount*}/login", Set.of(WRITE), AppRolePaths::login));
  }

  private static AppRoleClient approle(PathRoute.Request r) {
    return r.client().appRole();
  }

  private static Secret role(PathRoute.Request r) {
    String mount = r.var("mount");
    String name = r.var("role");
    switch (r.op()) {
      case READ -> {
        var resp = approle(r).readRole(mount, name);
        return Secret.ofData(roleData(resp.getData()), resp.getWarningsList());
      }
      case DELETE -> {
        approle(r).deleteRole(mount, name);
        return null;
      }
      default -> {
        return warnings(approle(r).writeRole(roleRequest(mount, name, r.data()))
            .getWarningsList());
      }
    }
  }

  /** auth/MOUNT/role/NAME's fields; only those given change. */
  static WriteAppRoleRequest roleRequest(String mount, String name, PathData d) {
    WriteAppRoleRequest.Builder b = WriteAppRoleRequest.newBuilder().setMount(mount)
        .setRoleName(name);
    set(d.bool("bind_secret_id"), b::setBindSecretId);
    set(d.list("secret_id_bound_cidrs"), v -> b.setSecretIdBoundCidrs(list(v)));
    set(d.list("bound_cidr_list"), v -> b.setBoundCidrList(list(v)));
    set(d.number("secret_id_num_uses"), b::setSecretIdNumUses);
    setDuration(d.duration("secret_id_ttl"), b::setSecretIdTtl);
    set(d.bool("local_secret_ids"), b::setLocalSecretIds);
    set(d.list("token_policies"), v -> b.setTokenPolicies(list(v)));
    set(d.list("policies"), v -> b.setPolicies(list(v)));
    setDuration(d.duration("token_ttl"), b::setTokenTtl);
    setDuration(d.duration("token_max_ttl"), b::setTokenMaxTtl);
    setDuration(d.duration("token_period"), b::setTokenPeriod);
    setDuration(d.duration("period"), b::setPeriod);
    set(d.string("token_type"), t -> b.setTokenType(Settings.tokenTypeSetting(t)));
    set(d.number("token_num_uses"), b::setTokenNumUses);
    setDuration(d.duration("token_explicit_max_ttl"), b::setTokenExplicitMaxTtl);
    set(d.bool("token_no_default_policy"), b::setTokenNoDefaultPolicy);
    set(d.list("token_bound_cidrs"), v -> b.setTokenBoundCidrs(list(v)));
    set(d.string("role_id"), b::setRoleId);
    return b.build();
  }

  /** A role as Vault's read shows it; {@code period} and {@code policies} only when set. */
  static Map<String, Object> roleData(AppRole a) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("bind_secret_id", a.getBindSecretId());
    d.put("local_secret_ids", a.getLocalSecretIds());
    d.put("secret_id_bound_cidrs", new ArrayList<>(a.getSecretIdBoundCidrsList()));
    d.put("secret_id_num_uses", a.getSecretIdNumUses());
    d.put("secret_id_ttl", a.getSecretIdTtl().getSeconds());
    d.put("token_bound_cidrs", new ArrayList<>(a.getTokenBoundCidrsList()));
    d.put("token_explicit_max_ttl", a.getTokenExplicitMaxTtl().getSeconds());
    d.put("token_max_ttl", a.getTokenMaxTtl().getSeconds());
    d.put("token_no_default_policy", a.getTokenNoDefaultPolicy());
    d.put("token_num_uses", a.getTokenNumUses());
    d.put("token_period", a.getTokenPeriod().getSeconds());
    d.put("token_policies", new ArrayList<>(a.getTokenPoliciesList()));
    d.put("token_ttl", a.getTokenTtl().getSeconds());
    // A role that does not say lets the mount decide: Vault calls that "default".
    d.put("token_type", a.getTokenType() == TokenTypeSetting.TOKEN_TYPE_SETTING_UNSPECIFIED
        ? "default" : Settings.name(a.getTokenType()));
    if (a.getPeriod().getSeconds() > 0) {
      d.put("period", a.getPeriod().getSeconds());
    }
    if (a.getPoliciesCount() > 0) {
      d.put("policies", new ArrayList<>(a.getPoliciesList()));
    }
    return d;
  }

  private static Secret roleId(PathRoute.Request r) {
    String mount = r.var("mount");
    String name = r.var("role");
    if (r.op() == READ) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("role_id", approle(r).readRoleId(mount, name));
      return Secret.ofData(data, List.of());
    }
    approle(r).writeRoleId(mount, name, r.data().string("role_id", ""));
    return null;
  }

  private static Secret secretId(PathRoute.Request r) {
    String mount = r.var("mount");
    String name = r.var("role");
    if (r.op() == LIST) {
      return keys(approle(r).listSecretIdAccessors(mount, name));
    }
    GenerateSecretIdResponse g = approle(r).generateSecretId(
        secretIdRequest(mount, name, r.data()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("secret_id", g.getSecretId());
    data.put("secret_id_accessor", g.getSecretIdAccessor());
    data.put("secret_id_num_uses", g.getSecretIdNumUses());
    data.put("secret_id_ttl", g.getSecretIdTtl().getSeconds());
    return Secret.ofData(data, g.getWarningsList());
  }

  /** auth/MOUNT/role/NAME/secret-id's fields: metadata (a JSON object), ttl, num_uses, CIDRs. */
  static GenerateSecretIdRequest secretIdRequest(String mount, String name, PathData d) {
    GenerateSecretIdRequest.Builder b = GenerateSecretIdRequest.newBuilder().setMount(mount)
        .setRoleName(name);
    String metadata = d.string("metadata");
    if (metadata != null && !metadata.isBlank()) {
      b.putAllMetadata(FlatJson.parseObject("metadata", metadata));
    }
    set(d.list("cidr_list"), v -> b.setCidrList(list(v)));
    set(d.list("token_bound_cidrs"), v -> b.setTokenBoundCidrs(list(v)));
    set(d.number("num_uses"), b::setNumUses);
    setDuration(d.duration("ttl"), b::setTtl);
    return b.build();
  }

  /** A secret ID's lookup data, as Vault shows it (never the secret ID itself). */
  static Secret info(SecretIdInfo s) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("cidr_list", new ArrayList<>(s.getCidrListList()));
    d.put("creation_time", TokenViews.rfc3339(s.getCreationTime()));
    d.put("expiration_time", s.hasExpirationTime() ? TokenViews.rfc3339(s.getExpirationTime())
        : ZERO_TIME);
    d.put("last_updated_time", TokenViews.rfc3339(s.getLastUpdatedTime()));
    d.put("metadata", new TreeMap<>(s.getMetadataMap()));
    d.put("secret_id_accessor", s.getSecretIdAccessor());
    d.put("secret_id_num_uses", s.getSecretIdNumUses());
    d.put("secret_id_ttl", s.getSecretIdTtl().getSeconds());
    d.put("token_bound_cidrs", new ArrayList<>(s.getTokenBoundCidrsList()));
    return Secret.ofData(d, List.of());
  }

  private static Secret login(PathRoute.Request r) {
    AppRoleLoginResponse resp = approle(r).login(r.var("mount"),
        r.data().string("role_id", ""), r.data().string("secret_id", ""));
    return Secret.ofAuth(TokenViews.auth(resp.getAuth()), resp.getWarningsList());
  }
}
