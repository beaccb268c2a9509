package io.leasehold.server.grpc;

import com.google.protobuf.Struct;
import io.grpc.stub.StreamObserver;
import io.leasehold.proto.v1.CubbyholeDeleteRequest;
import io.leasehold.proto.v1.CubbyholeDeleteResponse;
import io.leasehold.proto.v1.CubbyholeListRequest;
import io.leasehold.proto.v1.CubbyholeListResponse;
import io.leasehold.proto.v1.CubbyholeReadRequest;
import io.leasehold.proto.v1.CubbyholeReadResponse;
import io.leasehold.proto.v1.CubbyholeServiceGrpc;
import io.leasehold.proto.v1.CubbyholeWriteRequest;
import io.leasehold.proto.v1.CubbyholeWriteResponse;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.cubbyhole.Cubbyhole;
import io.leasehold.server.core.request.Operation;
import io.leasehold.server.core.request.Route;

/** cubbyhole/* over gRPC: translate, call the core, translate back. */
final class CubbyholeGrpcService extends CubbyholeServiceGrpc.CubbyholeServiceImplBase {
  private final Unary unary;
  private final Cubbyhole cubbyhole;

  CubbyholeGrpcService(Unary unary, Cubbyhole cubbyhole) {
    this.unary = unary;
    this.cubbyhole = cubbyhole;
  }

  @Override
  public void read(CubbyholeReadRequest req, StreamObserver<CubbyholeReadResponse> out) {
    unary.run(out, () -> route(req.getPath(), Operation.READ), c -> {
      Struct data = cubbyhole.read(c, req.getPath()).orElseThrow(() -> new LeaseholdException(
          LeaseholdException.Kind.NOT_FOUND, "NOT_FOUND", "no value found at cubbyhole/"
              + req.getPath()));
      return CubbyholeReadResponse.newBuilder().setData(data).build();
    });
  }

  @Override
  public void write(CubbyholeWriteRequest req, StreamObserver<CubbyholeWriteResponse> out) {
    // Create or update depends on what the caller's own cubbyhole holds, as in Vault.
    unary.runFor(out, c -> route(req.getPath(),
            cubbyhole.exists(c, req.getPath()) ? Operation.UPDATE : Operation.CREATE)
            .withParams(() -> ProtoConvert.params(req.getData())),
        c -> {
          cubbyhole.write(c, req.getPath(), req.getData());
          return CubbyholeWriteResponse.getDefaultInstance();
        });
  }

  @Override
  public void list(CubbyholeListRequest req, StreamObserver<CubbyholeListResponse> out) {
    unary.run(out, () -> Route.of(listPath(req.getPrefix()), Operation.LIST),
        c -> CubbyholeListResponse.newBuilder().addAllKeys(cubbyhole.list(c, req.getPrefix()))
            .build());
  }

  @Override
  public void delete(CubbyholeDeleteRequest req, StreamObserver<CubbyholeDeleteResponse> out) {
    unary.run(out, () -> route(req.getPath(), Operation.DELETE), c -> {
      cubbyhole.delete(c, req.getPath());
      return CubbyholeDeleteResponse.getDefaultInstance();
    });
  }

  private static Route route(String path, Operation op) {
    return Route.of("cubbyhole/" + strip(path), op);
  }

  private static String listPath(String prefix) {
    String p = strip(prefix);
    return "cubbyhole/" + (p.isEmpty() || p.endsWith("/") ? p : p + "/");
  }

  private static String strip(String path) {
    String p = path == null ? "" : path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }
}
