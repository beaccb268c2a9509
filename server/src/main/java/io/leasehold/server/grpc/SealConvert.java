package io.leasehold.server.grpc;

import io.leasehold.proto.v1.GenerateRootStatusResponse;
import io.leasehold.proto.v1.InitResponse;
import io.leasehold.proto.v1.SealStatusResponse;
import io.leasehold.server.core.seal.GenerateRootStatus;
import io.leasehold.server.core.seal.InitResult;
import io.leasehold.server.core.seal.SealStatus;

/** The seal's core records as protos. */
final class SealConvert {
  private SealConvert() {}

  static SealStatusResponse status(SealStatus s) {
    return SealStatusResponse.newBuilder()
        .setType(s.type())
        .setInitialized(s.initialized())
        .setSealed(s.sealed())
        .setT(s.threshold())
        .setN(s.shares())
        .setProgress(s.progress())
        .setNonce(s.nonce())
        .setVersion(s.version())
        .setClusterName(s.clusterName())
        .setClusterId(s.clusterId())
        .setStorageType(s.storageType())
        .setHaEnabled(false)
        .build();
  }

  static InitResponse init(InitResult r) {
    return InitResponse.newBuilder()
        .addAllKeys(r.keysHex())
        .addAllKeysBase64(r.keysBase64())
        .setRootToken(r.rootToken())
        .build();
  }

  static GenerateRootStatusResponse generateRoot(GenerateRootStatus s) {
    return GenerateRootStatusResponse.newBuilder()
        .setStarted(s.started())
        .setNonce(s.nonce())
        .setProgress(s.progress())
        .setRequired(s.required())
        .setComplete(s.complete())
        .setEncodedToken(s.encodedToken())
        .setEncodedRootToken(s.encodedToken())
        .setOtp(s.otp())
        .setOtpLength(s.otpLength())
        .build();
  }
}
