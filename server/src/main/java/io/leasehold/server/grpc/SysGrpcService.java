package io.leasehold.server.grpc;

import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.AuthMount;
import io.leasehold.proto.v1.CapabilitiesAccessorRequest;
import io.leasehold.proto.v1.CapabilitiesRequest;
import io.leasehold.proto.v1.CapabilitiesResponse;
import io.leasehold.proto.v1.CapabilitiesSelfRequest;
import io.leasehold.proto.v1.DeletePolicyRequest;
import io.leasehold.proto.v1.DeletePolicyResponse;
import io.leasehold.proto.v1.ListPoliciesRequest;
import io.leasehold.proto.v1.ListPoliciesResponse;
import io.leasehold.proto.v1.PathCapabilities;
import io.leasehold.proto.v1.ReadPolicyRequest;
import io.leasehold.proto.v1.ReadPolicyResponse;
import io.leasehold.proto.v1.WritePolicyRequest;
import io.leasehold.proto.v1.WritePolicyResponse;
import io.leasehold.proto.v1.AuthTune;
import io.leasehold.proto.v1.ListAuthMountsRequest;
import io.leasehold.proto.v1.ListAuthMountsResponse;
import io.leasehold.proto.v1.ReadAuthTuneRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.ReadTokenCountersResponse;
import io.leasehold.proto.v1.RevokePrefixRequest;
import io.leasehold.proto.v1.RevokePrefixResponse;
import io.leasehold.proto.v1.GenerateRootCancelRequest;
import io.leasehold.proto.v1.GenerateRootCancelResponse;
import io.leasehold.proto.v1.GenerateRootInitRequest;
import io.leasehold.proto.v1.GenerateRootStatusRequest;
import io.leasehold.proto.v1.GenerateRootStatusResponse;
import io.leasehold.proto.v1.GenerateRootUpdateRequest;
import io.leasehold.proto.v1.InitRequest;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.RotateRequest;
import io.leasehold.proto.v1.RotateResponse;
import io.leasehold.proto.v1.SealRequest;
import io.leasehold.proto.v1.SealResponse;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.UnsealRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TuneAuthRequest;
import io.leasehold.proto.v1.TuneAuthResponse;
import io.leasehold.proto.v1.DisableAuthRequest;
import io.leasehold.proto.v1.DisableAuthResponse;
import io.leasehold.proto.v1.EnableAuthRequest;
import io.leasehold.proto.v1.EnableAuthResponse;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.auth.AuthMethods;
import io.leasehold.server.core.auth.EnableRequest;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.mount.MountTune;
import io.leasehold.server.core.mount.TuneRequest;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.core.request.Route;
import io.leasehold.server.core.policy.CapabilityQueries;
import io.leasehold.server.core.policy.PolicyStore;
import io.leasehold.server.core.seal.SealManager;
import io.leasehold.server.core.token.TokenInventory;
import java.util.List;
import java.util.Map;

/** sys/* over gRPC: translate, call the core, translate back. */
final class SysGrpcService extends SysServiceGrpc.SysServiceImplBase {
  private static final Route AUTH_LIST = Route.of("sys/auth", Operation.READ);
  private static final Route COUNTERS = Route.of("sys/internal/counters/tokens", Operation.READ);

  private static final Route CAPABILITIES = Route.of("sys/capabilities", Operation.UPDATE);
  private static final Route SEAL = Route.sudo("sys/seal", Operation.UPDATE);
  private static final Route ROTATE = Route.sudo("sys/rotate", Operation.UPDATE);
  private static final Route CAPABILITIES_SELF =
      Route.of("sys/capabilities-self", Operation.UPDATE);
  private static final Route CAPABILITIES_ACCESSOR =
      Route.of("sys/capabilities-accessor", Operation.UPDATE);

  private final Unary unary;
  private final SealManager seal;
  private final AuthMounts mounts;
  private final AuthMethods methods;
  private final TokenInventory inventory;
  private final PolicyStore policies;
  private final CapabilityQueries capabilities;

  SysGrpcService(Unary unary, SealManager seal, AuthMounts mounts, AuthMethods methods,
      TokenInventory inventory, PolicyStore policies, CapabilityQueries capabilities) {
    this.unary = unary;
    this.seal = seal;
    this.mounts = mounts;
    this.methods = methods;
    this.inventory = inventory;
    this.policies = policies;
    this.capabilities = capabilities;
  }

  @Override
  public void sealStatus(SealStatusRequest req, StreamObserver<SealStatusResponse> out) {
    unary.runUnauthenticated(out, () -> SealConvert.status(seal.status()));
  }

  @Override
  public void listAuthMounts(ListAuthMountsRequest req,
      StreamObserver<ListAuthMountsResponse> out) {
    unary.run(out, AUTH_LIST, c -> {
      ListAuthMountsResponse.Builder b = ListAuthMountsResponse.newBuilder();
      for (io.leasehold.server.core.mount.AuthMount m : mounts.list()) {
        b.addMounts(AuthMount.newBuilder()
            .setPath(m.path())
            .setType(m.type())
            .setAccessor(m.accessor())
            .setDescription(m.tune().description())
            .setDefaultLeaseTtl(ProtoConvert.duration(m.tune().defaultLeaseTtl()))
            .setMaxLeaseTtl(ProtoConvert.duration(m.tune().maxLeaseTtl()))
            .setTokenType(ProtoConvert.tokenTypeSetting(m.tune().tokenType()))
            .setTunedDefaultLeaseTtl(ProtoConvert.duration(m.tunedDefaultLeaseTtl()))
            .setTunedMaxLeaseTtl(ProtoConvert.duration(m.tunedMaxLeaseTtl())));
      }
      return b.build();
    });
  }

  @Override
  public void readAuthTune(ReadAuthTuneRequest req, StreamObserver<AuthTune> out) {
    unary.run(out, () -> tuneRoute(req.getPath(), Operation.READ), c -> {
      MountTune t = mounts.read(req.getPath());
      return AuthTune.newBuilder()
          .setDescription(t.description())
          .setDefaultLeaseTtl(ProtoConvert.duration(t.defaultLeaseTtl()))
          .setMaxLeaseTtl(ProtoConvert.duration(t.maxLeaseTtl()))
          .setForceNoCache(false)
          .setTokenType(ProtoConvert.tokenTypeSetting(t.tokenType()))
          .build();
    });
  }

  @Override
  public void tuneAuth(TuneAuthRequest req, StreamObserver<TuneAuthResponse> out) {
    unary.run(out, () -> tuneRoute(req.getPath(), Operation.UPDATE)
        .withParams(() -> ProtoConvert.params(req, "path")), c -> {
      mounts.tune(new TuneRequest(req.getPath(),
          ProtoConvert.secondsOrNull(req.hasDefaultLeaseTtl(), req.getDefaultLeaseTtl(),
              "default_lease_ttl"),
          ProtoConvert.secondsOrNull(req.hasMaxLeaseTtl(), req.getMaxLeaseTtl(), "max_lease_ttl"),
          req.hasDescription() ? req.getDescription() : null,
          ProtoConvert.tokenTypeSetting(req.getTokenType(), req.getTokenTypeValue())));
      return TuneAuthResponse.getDefaultInstance();
    });
  }

  @Override
  public void enableAuth(EnableAuthRequest req, StreamObserver<EnableAuthResponse> out) {
    unary.run(out, () -> mountRoute(req.getPath().isBlank() ? req.getType() : req.getPath(),
        Operation.UPDATE).withParams(() -> ProtoConvert.params(req, "path")), c -> {
      String accessor = methods.enable(new EnableRequest(req.getPath(), req.getType(),
          req.getDescription(),
          ProtoConvert.secondsOrNull(req.hasDefaultLeaseTtl(), req.getDefaultLeaseTtl(),
              "default_lease_ttl"),
          ProtoConvert.secondsOrNull(req.hasMaxLeaseTtl(), req.getMaxLeaseTtl(), "max_lease_ttl"),
          ProtoConvert.tokenTypeSetting(req.getTokenType(), req.getTokenTypeValue())));
      return EnableAuthResponse.newBuilder().setAccessor(accessor).build();
    });
  }

  @Override
  public void disableAuth(DisableAuthRequest req, StreamObserver<DisableAuthResponse> out) {
    // Revoking every token of the mount may take long: off the transport threads.
    unary.runSlow(out, () -> mountRoute(req.getPath(), Operation.DELETE), c ->
        DisableAuthResponse.newBuilder().setRevoked(methods.disable(req.getPath())).build());
  }

  @Override
  public void readTokenCounters(ReadTokenCountersRequest req,
      StreamObserver<ReadTokenCountersResponse> out) {
    unary.runSlow(out, COUNTERS, c -> ReadTokenCountersResponse.newBuilder()
        .setServiceTokensTotal(inventory.countServiceTokens()).build());
  }

  @Override
  public void revokePrefix(RevokePrefixRequest req, StreamObserver<RevokePrefixResponse> out) {
    unary.runSlow(out, Route.sudo("sys/leases/revoke-prefix/" + req.getPrefix(), Operation.UPDATE),
        c -> RevokePrefixResponse.newBuilder()
            .setRevoked(inventory.revokePrefix(req.getPrefix())).build());
  }

  @Override
  public void writePolicy(WritePolicyRequest req, StreamObserver<WritePolicyResponse> out) {
    unary.run(out, () -> policyRoute(req.getName(), req.getLegacy(),
            policies.exists(PolicyStore.normalizeName(req.getName()))
                ? Operation.UPDATE : Operation.CREATE)
            .withParams(() -> ProtoConvert.params(req, "name", "legacy")),
        c -> {
          policies.write(req.getName(), req.getPolicy());
          return WritePolicyResponse.getDefaultInstance();
        });
  }

  @Override
  public void readPolicy(ReadPolicyRequest req, StreamObserver<ReadPolicyResponse> out) {
    unary.run(out, () -> policyRoute(req.getName(), req.getLegacy(), Operation.READ), c -> {
      String name = PolicyStore.normalizeName(req.getName());
      String text = policies.read(name).orElseThrow(() -> new LeaseholdException(
          LeaseholdException.Kind.NOT_FOUND, "POLICY_NOT_FOUND",
          "policy \"" + name + "\" not found"));
      return ReadPolicyResponse.newBuilder().setName(name).setPolicy(text).build();
    });
  }

  @Override
  public void listPolicies(ListPoliciesRequest req, StreamObserver<ListPoliciesResponse> out) {
    Route route = req.getLegacy() ? Route.of("sys/policy", Operation.READ)
        : Route.of("sys/policies/acl", Operation.LIST);
    unary.run(out, route,
        c -> ListPoliciesResponse.newBuilder().addAllKeys(policies.list()).build());
  }

  @Override
  public void deletePolicy(DeletePolicyRequest req, StreamObserver<DeletePolicyResponse> out) {
    unary.run(out, () -> policyRoute(req.getName(), req.getLegacy(), Operation.DELETE), c -> {
      policies.delete(req.getName());
      return DeletePolicyResponse.getDefaultInstance();
    });
  }

  @Override
  public void capabilities(CapabilitiesRequest req, StreamObserver<CapabilitiesResponse> out) {
    unary.run(out, CAPABILITIES,
        c -> capabilitiesResponse(capabilities.forToken(req.getToken(), req.getPathsList())));
  }

  @Override
  public void capabilitiesSelf(CapabilitiesSelfRequest req,
      StreamObserver<CapabilitiesResponse> out) {
    unary.run(out, CAPABILITIES_SELF,
        c -> capabilitiesResponse(capabilities.forSelf(c, req.getPathsList())));
  }

  @Override
  public void capabilitiesAccessor(CapabilitiesAccessorRequest req,
      StreamObserver<CapabilitiesResponse> out) {
    unary.run(out, CAPABILITIES_ACCESSOR, c -> capabilitiesResponse(
        capabilities.forAccessor(req.getAccessor(), req.getPathsList())));
  }

  // ---- seal: init, unseal, seal, generate-root, rotate -----------------------------------------

  @Override
  public void init(InitRequest req, StreamObserver<InitResponse> out) {
    unary.runUnauthenticatedSlow(out, () -> SealConvert.init(seal.initialize(
        req.getSecretShares(), req.getSecretThreshold(), java.util.Optional.empty())));
  }

  @Override
  public void unseal(UnsealRequest req, StreamObserver<SealStatusResponse> out) {
    unary.runUnauthenticatedSlow(out, () -> SealConvert.status(
        req.getReset() ? seal.resetUnseal() : seal.unseal(req.getKey())));
  }

  @Override
  public void seal(SealRequest req, StreamObserver<SealResponse> out) {
    unary.runSlow(out, SEAL, c -> {
      seal.seal();
      return SealResponse.getDefaultInstance();
    });
  }

  @Override
  public void generateRootInit(GenerateRootInitRequest req,
      StreamObserver<GenerateRootStatusResponse> out) {
    unary.runUnauthenticated(out,
        () -> SealConvert.generateRoot(seal.rootGeneration().start()));
  }

  @Override
  public void generateRootUpdate(GenerateRootUpdateRequest req,
      StreamObserver<GenerateRootStatusResponse> out) {
    unary.runUnauthenticatedSlow(out, () -> SealConvert.generateRoot(
        seal.rootGeneration().update(req.getKey(), req.getNonce())));
  }

  @Override
  public void generateRootCancel(GenerateRootCancelRequest req,
      StreamObserver<GenerateRootCancelResponse> out) {
    unary.runUnauthenticated(out, () -> {
      seal.rootGeneration().cancel();
      return GenerateRootCancelResponse.getDefaultInstance();
    });
  }

  @Override
  public void generateRootStatus(GenerateRootStatusRequest req,
      StreamObserver<GenerateRootStatusResponse> out) {
    unary.runUnauthenticated(out,
        () -> SealConvert.generateRoot(seal.rootGeneration().status()));
  }

  @Override
  public void rotate(RotateRequest req, StreamObserver<RotateResponse> out) {
    unary.runSlow(out, ROTATE,
        c -> RotateResponse.newBuilder().setTerm(seal.barrier().rotate()).build());
  }

  private static CapabilitiesResponse capabilitiesResponse(Map<String, List<String>> byPath) {
    CapabilitiesResponse.Builder b = CapabilitiesResponse.newBuilder();
    java.util.TreeSet<String> all = new java.util.TreeSet<>();
    byPath.forEach((path, caps) -> {
      b.putCapabilities(path, PathCapabilities.newBuilder().addAllCapabilities(caps).build());
      all.addAll(caps);
    });
    return b.addAllAll(all).build();
  }

  private static Route policyRoute(String name, boolean legacy, Operation op) {
    String n = PolicyStore.normalizeName(name);
    return Route.of((legacy ? "sys/policy/" : "sys/policies/acl/") + n, op);
  }

  private static Route tuneRoute(String path, Operation op) {
    return Route.sudo("sys/auth/" + AuthMounts.normalizePath(path) + "tune", op);
  }

  /** sys/auth/PATH, root-protected as in Vault. */
  private static Route mountRoute(String path, Operation op) {
    String p = AuthMounts.normalizePath(path);
    return Route.sudo("sys/auth/" + p.substring(0, p.length() - 1), op);
  }
}
