package io.leasehold.client.cli.paths;

import static io.leasehold.client.cli.paths.PathOp.DELETE;
import static io.leasehold.client.cli.paths.PathOp.LIST;
import static io.leasehold.client.cli.paths.PathOp.READ;
import static io.leasehold.client.cli.paths.PathOp.WRITE;

import io.leasehold.client.LeaseholdClient;
import io.leasehold.client.output.Secret;
import io.leasehold.client.output.TokenViews;
import io.leasehold.proto.v1.CreateTokenRequest;
import io.leasehold.proto.v1.CreateTokenResponse;
import io.leasehold.proto.v1.LookupTokenResponse;
import io.leasehold.proto.v1.RenewTokenResponse;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.TokenRole;
import io.leasehold.proto.v1.WriteRoleRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The token store's paths ({@code auth/token/...}) for the generic path commands. */
final class TokenPaths {
  private TokenPaths() {}

  static List<PathRoute> routes() {
    return List.of(
        PathRoute.of("auth/token/roles", Set.of(LIST), r -> keys(r.client().listRoles())),
        PathRoute.of("auth/token/roles/{role}", Set.of(READ, WRITE, DELETE), TokenPaths::role),
        PathRoute.of("auth/token/create", Set.of(WRITE),
            r -> created(r.client().createToken(createRequest(r.data()).build()))),
        PathRoute.of("auth/token/create-orphan", Set.of(WRITE),
            r -> created(r.client().createOrphanToken(createRequest(r.data()).build()))),
        PathRoute.of("auth/token/create/{role}", Set.of(WRITE),
            r -> created(r.client().createTokenAgainstRole(
                createRequest(r.data()).setRoleName(r.var("role")).build()))),
        PathRoute.of("auth/token/lookup-self", Set.of(READ),
            r -> lookedUp(r.client().lookupSelf())),
        PathRoute.of("auth/token/lookup", Set.of(WRITE),
            r -> lookedUp(r.client().lookupToken(r.data().string("token", "")))),
        PathRoute.of("auth/token/lookup-accessor", Set.of(WRITE),
            r -> lookedUp(r.client().lookupAccessor(r.data().string("accessor", "")))),
        PathRoute.of("auth/token/renew-self", Set.of(WRITE),
            r -> renewed(r.client().renewSelf(increment(r.data())))),
        PathRoute.of("auth/token/renew", Set.of(WRITE),
            r -> renewed(r.client().renewToken(r.data().string("token", ""),
                increment(r.data())))),
        PathRoute.of("auth/token/renew-accessor", Set.of(WRITE),
            r -> renewed(r.client().renewAccessor(r.data().string("accessor", ""),
                increment(r.data())))),
        PathRoute.of("auth/token/revoke", Set.of(WRITE),
            r -> warnings(r.client().revokeToken(r.data().string("token", "")).getWarningsList())),
        PathRoute.of("auth/token/revoke-self", Set.of(WRITE),
            r -> warnings(r.client().revokeSelf().getWarningsList())),
        PathRoute.of("auth/token/revoke-accessor", Set.of(WRITE),
            r -> warnings(r.client().revokeAccessor(r.data().string("accessor", ""))
                .getWarningsList())),
        PathRoute.of("auth/token/revoke-orphan", Set.of(WRITE),
            r -> warnings(r.client().revokeOrphan(r.data().string("token", ""))
                .getWarningsList())),
        PathRoute.of("auth/token/accessors", Set.of(LIST),
            r -> keys(r.client().listAccessors().getKeysList())));
  }

  /** A list answer: data {@code keys}. */
  static Secret keys(List<String> keys) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("keys", new ArrayList<>(keys));
    return Secret.ofData(data, List.of());
  }

  /** No data: null (204) unless there are warnings to show. */
  static Secret warnings(List<String> warnings) {
    return warnings.isEmpty() ? null : Secret.ofData(null, warnings);
  }

  private static Secret created(CreateTokenResponse r) {
    return Secret.ofAuth(TokenViews.auth(r.getAuth()), r.getWarningsList());
  }

  private static Secret lookedUp(LookupTokenResponse r) {
    return Secret.ofData(TokenViews.lookupData(r.getData()), r.getWarningsList());
  }

  private static Secret renewed(RenewTokenResponse r) {
    return Secret.ofAuth(TokenViews.auth(r.getAuth()), r.getWarningsList());
  }

  private static Duration increment(PathData d) {
    Duration inc = d.duration("increment");
    return inc == null || inc.isZero() ? null : inc;
  }

  /** auth/token/create's fields, as Vault's endpoint reads them. */
  private static CreateTokenRequest.Builder createRequest(PathData d) {
    CreateTokenRequest.Builder b = CreateTokenRequest.newBuilder();
    set(d.string("id"), b::setId);
    set(d.list("policies"), b::addAllPolicies);
    set(d.bool("no_parent"), b::setNoParent);
    set(d.bool("no_default_policy"), b::setNoDefaultPolicy);
    set(d.bool("renewable"), b::setRenewable);
    set(d.string("type"), t -> b.setType(Settings.tokenType(t)));
    set(d.string("display_name"), b::setDisplayName);
    set(d.number("num_uses"), b::setNumUses);
    setDuration(d.duration("ttl"), b::setTtl);
    setDuration(d.duration("explicit_max_ttl"), b::setExplicitMaxTtl);
    setDuration(d.duration("period"), b::setPeriod);
    return b;
  }

  private static Secret role(PathRoute.Request r) {
    String name = r.var("role");
    LeaseholdClient c = r.client();
    switch (r.op()) {
      case READ -> {
        var resp = c.readRole(name);
        return Secret.ofData(roleData(resp.getData()), resp.getWarningsList());
      }
      case DELETE -> {
        c.deleteRole(name);
        return null;
      }
      default -> {
        return warnings(c.writeRole(roleRequest(name, r.data())).getWarningsList());
      }
    }
  }

  /** auth/token/roles/NAME's fields; only those given change. */
  private static WriteRoleRequest roleRequest(String name, PathData d) {
    WriteRoleRequest.Builder b = WriteRoleRequest.newBuilder().setRoleName(name);
    set(d.list("allowed_policies"), v -> b.setAllowedPolicies(list(v)));
    set(d.list("disallowed_policies"), v -> b.setDisallowedPolicies(list(v)));
    set(d.list("allowed_policies_glob"), v -> b.setAllowedPoliciesGlob(list(v)));
    set(d.list("disallowed_policies_glob"), v -> b.setDisallowedPoliciesGlob(list(v)));
    set(d.list("allowed_entity_aliases"), v -> b.setAllowedEntityAliases(list(v)));
    set(d.list("token_bound_cidrs"), v -> b.setTokenBoundCidrs(list(v)));
    set(d.list("bound_cidrs"), v -> b.setBoundCidrs(list(v)));
    set(d.bool("orphan"), b::setOrphan);
    set(d.bool("renewable"), b::setRenewable);
    set(d.bool("token_no_default_policy"), b::setTokenNoDefaultPolicy);
    set(d.string("path_suffix"), b::setPathSuffix);
    set(d.number("token_num_uses"), b::setTokenNumUses);
    set(d.string("token_type"), t -> b.setTokenType(Settings.tokenTypeSetting(t)));
    setDuration(d.duration("period"), b::setPeriod);
    setDuration(d.duration("token_period"), b::setTokenPeriod);
    setDuration(d.duration("explicit_max_ttl"), b::setExplicitMaxTtl);
    setDuration(d.duration("token_explicit_max_ttl"), b::setTokenExplicitMaxTtl);
    return b.build();
  }

  /** A role as Vault's read shows it. */
  static Map<String, Object> roleData(TokenRole t) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("allowed_entity_aliases", new ArrayList<>(t.getAllowedEntityAliasesList()));
    d.put("allowed_policies", new ArrayList<>(t.getAllowedPoliciesList()));
    d.put("allowed_policies_glob", new ArrayList<>(t.getAllowedPoliciesGlobList()));
    d.put("disallowed_policies", new ArrayList<>(t.getDisallowedPoliciesList()));
    d.put("disallowed_policies_glob", new ArrayList<>(t.getDisallowedPoliciesGlobList()));
    d.put("explicit_max_ttl", t.getExplicitMaxTtl().getSeconds());
    d.put("name", t.getName());
    d.put("orphan", t.getOrphan());
    d.put("path_suffix", t.getPathSuffix());
    d.put("period", t.getPeriod().getSeconds());
    d.put("renewable", t.getRenewable());
    d.put("token_bound_cidrs", new ArrayList<>(t.getTokenBoundCidrsList()));
    d.put("token_explicit_max_ttl", t.getTokenExplicitMaxTtl().getSeconds());
    d.put("token_no_default_policy", t.getTokenNoDefaultPolicy());
    d.put("token_num_uses", t.getTokenNumUses());
    d.put("token_period", t.getTokenPeriod().getSeconds());
    d.put("token_type", Settings.name(t.getTokenType()));
    return d;
  }

  static StringList list(List<String> values) {
    return StringList.newBuilder().addAllValues(values).build();
  }

  static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  static void setDuration(Duration value, Consumer<com.google.protobuf.Duration> setter) {
    if (value != null) {
      setter.accept(LeaseholdClient.toProto(value));
    }
  }
}
