package io.leasehold.client.cli.paths;

import static io.leasehold.client.cli.paths.PathOp.DELETE;
import static io.leasehold.client.cli.paths.PathOp.LIST;
import static io.leasehold.client.cli.paths.PathOp.READ;
import static io.leasehold.client.cli.paths.PathOp.WRITE;
import static io.leasehold.client.cli.paths.TokenPaths.keys;
import static io.leasehold.client.cli.paths.TokenPaths.set;
import static io.leasehold.client.cli.paths.TokenPaths.setDuration;
import static io.leasehold.client.cli.paths.TokenPaths.warnings;

import io.leasehold.client.output.Secret;
import io.leasehold.proto.v1.AuthTune;
import io.leasehold.proto.v1.CapabilitiesResponse;
import io.leasehold.proto.v1.TuneAuthRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code sys/...} paths for the generic path commands. */
final class SysPaths {
  private SysPaths() {}

  static List<PathRoute> routes() {
    return List.of(
        PathRoute.of("sys/auth", Set.of(READ), r -> Secret.ofData(AuthMountViews.data(
            r.client().listAuthMounts().getMountsList()), List.of())),
        PathRoute.of("sys/auth/{mount*}/tune", Set.of(READ, WRITE), SysPaths::tune),
        PathRoute.of("sys/internal/counters/tokens", Set.of(READ), r -> {
          Map<String, Object> total = new LinkedHashMap<>();
          total.put("total", r.client().readTokenCounters().getServiceTokensTotal());
          Map<String, Object> counters = new LinkedHashMap<>();
          counters.put("service_tokens", total);
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("counters", counters);
          return Secret.ofData(data, List.of());
        }),
        PathRoute.of("sys/leases/revoke-prefix/{prefix*}", Set.of(WRITE),
            r -> warnings(r.client().revokePrefix(r.var("prefix")).getWarningsList())),
        PathRoute.of("sys/policies/acl", Set.of(LIST),
            r -> keys(r.client().listPolicies(false))),
        PathRoute.of("sys/policies/acl/{name}", Set.of(READ, WRITE, DELETE),
            r -> policy(r, false)),
        PathRoute.of("sys/policy", Set.of(LIST, READ), r -> {
          List<String> names = r.client().listPolicies(true);
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("keys", new ArrayList<>(names));
          data.put("policies", new ArrayList<>(names));
          return Secret.ofData(data, List.of());
        }),
        PathRoute.of("sys/policy/{name}", Set.of(READ, WRITE, DELETE), r -> policy(r, true)),
        PathRoute.of("sys/capabilities-self", Set.of(WRITE),
            r -> capabilities(r.client().capabilitiesSelf(paths(r.data())))),
        PathRoute.of("sys/capabilities", Set.of(WRITE),
            r -> capabilities(r.client().capabilities(r.data().string("token", ""),
                paths(r.data())))),
        PathRoute.of("sys/capabilities-accessor", Set.of(WRITE),
            r -> capabilities(r.client().capabilitiesAccessor(r.data().string("accessor", ""),
                paths(r.data())))));
  }

  private static Secret tune(PathRoute.Request r) {
    String mount = r.var("mount");
    if (r.op() == READ) {
      AuthTune t = r.client().readAuthTune(mount);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("default_lease_ttl", t.getDefaultLeaseTtl().getSeconds());
      data.put("description", t.getDescription());
      data.put("force_no_cache", t.getForceNoCache());
      data.put("max_lease_ttl", t.getMaxLeaseTtl().getSeconds());
      data.put("token_type", Settings.name(t.getTokenType()));
      return Secret.ofData(data, List.of());
    }
    PathData d = r.data();
    TuneAuthRequest.Builder b = TuneAuthRequest.newBuilder().setPath(mount);
    setDuration(d.duration("default_lease_ttl"), b::setDefaultLeaseTtl);
    setDuration(d.duration("max_lease_ttl"), b::setMaxLeaseTtl);
    set(d.string("description"), b::setDescription);
    set(d.string("token_type"), t -> b.setTokenType(Settings.tokenTypeSetting(t)));
    return warnings(r.client().tuneAuth(b.build()).getWarningsList());
  }

  private static Secret policy(PathRoute.Request r, boolean legacy) {
    String name = r.var("name");
    switch (r.op()) {
      case READ -> {
        var p = r.client().readPolicy(name, legacy);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", p.getName());
        data.put(legacy ? "rules" : "policy", p.getPolicy());
        return Secret.ofData(data, List.of());
      }
      case DELETE -> {
        r.client().deletePolicy(name, legacy);
        return null;
      }
      default -> {
        String text = r.data().string(legacy ? "rules" : "policy");
        if (text == null && legacy) {
          text = r.data().string("policy");
        }
        return warnings(r.client().writePolicy(name, text == null ? "" : text, legacy)
            .getWarningsList());
      }
    }
  }

  private static List<String> paths(PathData d) {
    List<String> paths = d.list("paths");
    if (paths == null) {
      paths = d.list("path");
    }
    return paths == null ? List.of() : paths;
  }

  private static Secret capabilities(CapabilitiesResponse c) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("capabilities", new ArrayList<>(c.getAllList()));
    c.getCapabilitiesMap().forEach((path, caps) ->
        data.put(path, new ArrayList<>(caps.getCapabilitiesList())));
    return Secret.ofData(data, List.of());
  }
}
