package io.leasehold.client.cli;

import com.google.rpc.Code;
import io.grpc.stub.StreamObserver;
import io.leasehold.client.FakeLeasehold;
import io.leasehold.client.seal.RootTokenOtp;
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
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.proto.v1.SysServiceGrpc;
import io.leasehold.proto.v1.UnsealRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A stand-in for the server's seal: the states and answers of sys/init, unseal, seal,
 * generate-root and rotate, with keys that are just names ("key-1" ... in base64 form, "hex-1" ...
 * in hex form) and no cryptography. It exists to check what the CLI sends and prints; the real
 * seal is tested in the server module and, with this CLI, in integration-tests.
 */
final class FakeSeal extends SysServiceGrpc.SysServiceImplBase {
  static final String ROOT = "s.initialroot00000000000000";
  static final String NEW_ROOT = "s.generatedroot000000000000";
  static final String OTP = "otp0123456789abcdefghijklmn";

  final List<InitRequest> inits = new ArrayList<>();
  boolean initialized;
  boolean sealed = true;
  int shares;
  int threshold;
  private final Set<String> given = new HashSet<>();
  private String unsealNonce = "";
  private String rootNonce = "";
  private final Set<String> rootGiven = new HashSet<>();
  private int term = 1;

  private boolean isKey(String key) {
    for (int i = 1; i <= shares; i++) {
      if (key.equals("key-" + i) || key.equals("hex-" + i)) {
        return true;
      }
    }
    return false;
  }

  private SealStatusResponse status() {
    SealStatusResponse.Builder b = SealStatusResponse.newBuilder().setType("shamir")
        .setInitialized(initialized).setSealed(sealed).setT(threshold).setN(shares)
        .setProgress(given.size()).setNonce(unsealNonce).setVersion("0.1.0")
        .setStorageType("rocksdb");
    if (!sealed) {
      b.setClusterName("fake-cluster").setClusterId("cid-1");
    }
    return b.build();
  }

  private static <T> void answer(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  @Override
  public void sealStatus(SealStatusRequest req, StreamObserver<SealStatusResponse> out) {
    answer(out, status());
  }

  @Override
  public void init(InitRequest req, StreamObserver<InitResponse> out) {
    inits.add(req);
    if (req.getSecretThreshold() > req.getSecretShares()) {
      out.onError(FakeLeasehold.refusal(Code.INVALID_ARGUMENT, "INVALID_SEAL_CONFIGURATION",
          "invalid seal configuration: threshold cannot be larger than shares"));
      return;
    }
    if (initialized) {
      out.onError(FakeLeasehold.refusal(Code.FAILED_PRECONDITION, "ALREADY_INITIALIZED",
          "server is already initialized"));
      return;
    }
    initialized = true;
    shares = req.getSecretShares();
    threshold = req.getSecretThreshold();
    InitResponse.Builder b = InitResponse.newBuilder().setRootToken(ROOT);
    for (int i = 1; i <= shares; i++) {
      b.addKeysBase64("key-" + i).addKeys("hex-" + i);
    }
    answer(out, b.build());
  }

  @Override
  public void unseal(UnsealRequest req, StreamObserver<SealStatusResponse> out) {
    if (req.getReset()) {
      given.clear();
      unsealNonce = "";
    } else if (!isKey(req.getKey())) {
      given.clear();
      unsealNonce = "";
      out.onError(FakeLeasehold.refusal(Code.INVALID_ARGUMENT, "INVALID_KEY",
          "Unseal failed, invalid key"));
      return;
    } else if (sealed) {
      unsealNonce = "unseal-nonce";
      given.add(req.getKey().replace("hex-", "key-"));
      if (given.size() >= threshold) {
        sealed = false;
        given.clear();
        unsealNonce = "";
      }
    }
    answer(out, status());
  }

  @Override
  public void seal(SealRequest req, StreamObserver<SealResponse> out) {
    sealed = true;
    answer(out, SealResponse.getDefaultInstance());
  }

  @Override
  public void rotate(RotateRequest req, StreamObserver<RotateResponse> out) {
    answer(out, RotateResponse.newBuilder().setTerm(++term).build());
  }

  private GenerateRootStatusResponse.Builder rootStatus() {
    return GenerateRootStatusResponse.newBuilder().setStarted(!rootNonce.isEmpty())
        .setNonce(rootNonce).setProgress(rootGiven.size()).setRequired(threshold)
        .setOtpLength(OTP.length());
  }

  @Override
  public void generateRootInit(GenerateRootInitRequest req,
      StreamObserver<GenerateRootStatusResponse> out) {
    if (!rootNonce.isEmpty()) {
      out.onError(FakeLeasehold.refusal(Code.FAILED_PRECONDITION, "ROOT_GENERATION_IN_PROGRESS",
          "root generation already in progress"));
      return;
    }
    rootNonce = "root-nonce";
    answer(out, rootStatus().setOtp(OTP).build());
  }

  @Override
  public void generateRootUpdate(GenerateRootUpdateRequest req,
      StreamObserver<GenerateRootStatusResponse> out) {
    if (!req.getNonce().equals(rootNonce)) {
      out.onError(FakeLeasehold.refusal(Code.INVALID_ARGUMENT, "INVALID_NONCE",
          "incorrect nonce supplied; nonce for this root generation operation is \""
              + rootNonce + "\""));
      return;
    }
    rootGiven.add(req.getKey());
    if (rootGiven.size() < threshold) {
      answer(out, rootStatus().build());
      return;
    }
    String encoded = RootTokenOtp.encode(NEW_ROOT, OTP);
    GenerateRootStatusResponse done = rootStatus().setComplete(true).setEncodedToken(encoded)
        .setEncodedRootToken(encoded).build();
    rootNonce = "";
    rootGiven.clear();
    answer(out, done);
  }

  @Override
  public void generateRootCancel(GenerateRootCancelRequest req,
      StreamObserver<GenerateRootCancelResponse> out) {
    rootNonce = "";
    rootGiven.clear();
    answer(out, GenerateRootCancelResponse.getDefaultInstance());
  }

  @Override
  public void generateRootStatus(GenerateRootStatusRequest req,
      StreamObserver<GenerateRootStatusResponse> out) {
    answer(out, rootStatus().build());
  }
}
