package io.leasehold.server.grpc;

import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.AuthMount;
import io.leasehold.proto.v1.AuthTune;
import io.leasehold.proto.v1.ListAuthMountsRequest;
import io.leasehold.proto.v1.ListAuthMountsResponse;
import io.leasehold.proto.v1.ReadAuthTuneRequest;
import io.leasehold.proto.v1.ReadTokenCountersRequest;
import io.leasehold.proto.v1.ReadTokenCountersResponse;
import io.leasehold.proto.v1.RevokePrefixRequest;
import io.leasehold.proto.v1.RevokePrefixResponse;
import io.leasehold.proto.v1.SealStatusRequest;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.TuneAuthRequest;
import io.leasehold.proto.v1.TuneAuthResponse;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.mount.AuthMounts;
import io.leasehold.server.core.mount.MountTune;
import io.leasehold.server.core.mount.TuneRequest;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.core.request.Route;
import io.leasehold.server.core.token.TokenInventory;
import java.util.function.Supplier;

/** sys/* over gRPC: translate, call the core, translate back. */
final class SysGrpcService extends SysServiceGrpc.SysServiceImplBase {
  private static final Route AUTH_LIST = Route.of("sys/auth", Operation.READ);
  private static final Route COUNTERS = Route.of("sys/internal/counters/tokens", Operation.READ);

  private final Unary unary;
  private final Supplier<SealStatusResponse> sealStatus;
  private final AuthMounts mounts;
  private final TokenInventory inventory;

  SysGrpcService(Unary unary, Supplier<SealStatusResponse> sealStatus, AuthMounts mounts,
      TokenInventory inventory) {
    this.unary = unary;
    this.sealStatus = sealStatus;
    this.mounts = mounts;
    this.inventory = inventory;
  }

  @Override
  public void sealStatus(SealStatusRequest req, StreamObserver<SealStatusResponse> out) {
    unary.runUnauthenticated(out, sealStatus);
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
            .setTokenType(ProtoConvert.tokenTypeSetting(m.tune().tokenType())));
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
    unary.run(out, () -> tuneRoute(req.getPath(), Operation.UPDATE), c -> {
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

  private static Route tuneRoute(String path, Operation op) {
    if (path == null || path.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_PATH", "missing mount path");
    }
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return Route.sudo("sys/auth/" + p + "/tune", op);
  }
}
