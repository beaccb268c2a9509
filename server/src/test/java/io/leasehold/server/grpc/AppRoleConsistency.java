package io.leasehold.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.internal.v1.StoredAppRole;
import io.leasehold.server.internal.v1.StoredAuthMount;
import io.leasehold.server.internal.v1.StoredSecretIdAccessor;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the auth mounts' and AppRole's stored data, from raw storage: no disable left half-done,
 * no AppRole data of a mount that is gone, every role-ID index entry naming an existing role (one
 * per role), every secret ID in the space of an existing role, and secret IDs and their accessor
 * index entries one to one.
 */
final class AppRoleConsistency {
  private static final int PAGE = 256;

  private AppRoleConsistency() {}

  static void check(Storage storage, List<String> out) {
    Set<String> mountUuids = new HashSet<>();
    Scans.forEach(storage, Keys.of("auth-mount/"), PAGE, kv -> {
      try {
        mountUuids.add(StoredAuthMount.parseFrom(kv.value()).getUuid());
      } catch (InvalidProtocolBufferException e) {
        out.add("auth mount entry does not decode");
      }
    });
    Scans.forEach(storage, Keys.of("auth-disable/"), PAGE,
        kv -> out.add("auth disable record left: " + new String(kv.key(), StandardCharsets.UTF_8)));

    Map<String, StoredAppRole> roles = new HashMap<>(); // uuid/name
    Set<String> spaces = new HashSet<>(); // uuid/space
    Map<String, Integer> roleIds = new HashMap<>(); // uuid/name -> index entries
    Set<String> secrets = new HashSet<>(); // uuid/space/hash
    Map<String, String> accessorTargets = new HashMap<>(); // uuid/space/accessorHash -> hash
    byte[] prefix = Keys.of("approle/");
    Scans.forEach(storage, prefix, PAGE, kv -> {
      String[] p = Keys.suffix(kv.key(), prefix).split("/", 3);
      if (p.length < 3 || !mountUuids.contains(p[0])) {
        out.add("approle data of no enabled mount: " + String.join("/", p));
        return;
      }
      String uuid = p[0];
      try {
        switch (p[1]) {
          case "role" -> {
            StoredAppRole r = StoredAppRole.parseFrom(kv.value());
            roles.put(uuid + "/" + p[2], r);
            spaces.add(uuid + "/" + r.getSecretSpace());
          }
          case "role-id" -> roleIds.merge(uuid + "/"
              + new String(kv.value(), StandardCharsets.UTF_8), 1, Integer::sum);
          case "secret" -> secrets.add(uuid + "/" + p[2]);
          case "accessor" -> accessorTargets.put(uuid + "/" + p[2],
              StoredSecretIdAccessor.parseFrom(kv.value()).getSecretHash());
          default -> out.add("unknown approle key " + String.join("/", p));
        }
      } catch (InvalidProtocolBufferException e) {
        out.add("approle entry does not decode: " + String.join("/", p));
      }
    });
    roleIds.forEach((role, n) -> {
      if (!roles.containsKey(role) || n != 1) {
        out.add("role-id index entries for " + role + ": " + n + " (role exists: "
            + roles.containsKey(role) + ")");
      }
    });
    roles.keySet().stream().filter(r -> !roleIds.containsKey(r))
        .forEach(r -> out.add("role " + r + " has no role-id index entry"));
    Set<String> indexed = new HashSet<>();
    accessorTargets.forEach((key, secretHash) -> {
      String space = key.substring(0, key.lastIndexOf('/'));
      if (!secrets.contains(space + "/" + secretHash)) {
        out.add("secret-id accessor " + key + " points at no secret ID");
      }
      indexed.add(space + "/" + secretHash);
    });
    for (String s : secrets) {
      String space = s.substring(0, s.lastIndexOf('/'));
      if (!spaces.contains(space)) {
        out.add("secret ID " + s + " belongs to no role");
      }
      if (!indexed.contains(s)) {
        out.add("secret ID " + s + " has no accessor index entry");
      }
    }
  }
}
