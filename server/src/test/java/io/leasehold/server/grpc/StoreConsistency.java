package io.leasehold.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.leasehold.server.Core;
import io.leasehold.server.core.cubbyhole.Cubbyhole;
import io.leasehold.server.core.token.TokenKeys;
import io.leasehold.server.internal.v1.StoredAccessor;
import io.leasehold.server.internal.v1.StoredToken;
import io.leasehold.server.storage.KeyValue;
import io.leasehold.server.storage.Keys;
import io.leasehold.server.storage.Scans;
import io.leasehold.server.storage.Storage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that the stored tokens and their indexes agree, reading the raw storage (not the core's
 * repository, so a bug there cannot hide itself):
 *
 * <ul>
 *   <li>every {@code token/accessor/<h>} decodes, sits under the hash of its own accessor, and
 *       points at an existing {@code token/id/<hash>} whose accessor is that accessor;
 *   <li>every token with an accessor has that accessor index entry;
 *   <li>every {@code token/parent/<p>/<c>}: token {@code c} exists with {@code parent_hash == p},
 *       and {@code p} exists;
 *   <li>every token with a parent has its parent index entry, and the parent exists;
 *   <li>every {@code expire/<deadline>/<hash>}: the token exists with that
 *       {@code expire_time_millis}; every token with {@code expire_time_millis > 0} has its entry;
 *   <li>no {@code revoke/} records are left and no stored token is half-revoked
 *       ({@code num_uses == -1}) once no request is in flight;
 *   <li>auth mounts and AppRole data agree ({@link AppRoleConsistency}).
 * </ul>
 */
public final class StoreConsistency {
  private static final int PAGE = 256;

  private StoreConsistency() {}

  /** Every violation found, described; empty when the store is consistent. */
  public static List<String> violations(Core core) {
    Storage storage = core.storage;
    List<String> out = new ArrayList<>();

    Map<String, StoredToken> tokens = new LinkedHashMap<>();
    Scans.forEach(storage, TokenKeys.ENTRY_PREFIX, PAGE, kv -> {
      String hash = Keys.suffix(kv.key(), TokenKeys.ENTRY_PREFIX);
      try {
        tokens.put(hash, StoredToken.parseFrom(kv.value()));
      } catch (InvalidProtocolBufferException e) {
        out.add("token/id/" + hash + " does not decode");
      }
    });

    Set<String> accessorKeys = new HashSet<>();
    Scans.forEach(storage, TokenKeys.ACCESSOR_PREFIX, PAGE, kv -> {
      String keyHash = Keys.suffix(kv.key(), TokenKeys.ACCESSOR_PREFIX);
      accessorKeys.add(keyHash);
      StoredAccessor a;
      try {
        a = StoredAccessor.parseFrom(kv.value());
      } catch (InvalidProtocolBufferException e) {
        out.add("token/accessor/" + keyHash + " does not decode");
        return;
      }
      if (!core.tokens.hashOf(a.getAccessor()).equals(keyHash)) {
        out.add("token/accessor/" + keyHash + " is not the hash of its accessor " + a.getAccessor());
      }
      StoredToken t = tokens.get(a.getTokenHash());
      if (t == null) {
        out.add("token/accessor/" + keyHash + " points at missing token " + a.getTokenHash());
      } else if (!t.getAccessor().equals(a.getAccessor())) {
        out.add("token/accessor/" + keyHash + " says accessor " + a.getAccessor()
            + " but token " + a.getTokenHash() + " has " + t.getAccessor());
      }
    });

    Set<String> childIndex = new HashSet<>();
    Scans.forEach(storage, TokenKeys.PARENT_PREFIX, PAGE, kv -> {
      String rest = Keys.suffix(kv.key(), TokenKeys.PARENT_PREFIX);
      int slash = rest.indexOf('/');
      if (slash < 0) {
        out.add("token/parent/" + rest + " has no child part");
        return;
      }
      String parent = rest.substring(0, slash);
      String child = rest.substring(slash + 1);
      childIndex.add(rest);
      StoredToken c = tokens.get(child);
      if (c == null) {
        out.add("token/parent/" + rest + " names missing child " + child);
      } else if (!c.getParentHash().equals(parent)) {
        out.add("token/parent/" + rest + " but child's parent_hash is '" + c.getParentHash() + "'");
      }
      if (!tokens.containsKey(parent)) {
        out.add("token/parent/" + rest + " names missing parent " + parent);
      }
    });

    Set<String> expireIndex = new HashSet<>();
    Scans.forEach(storage, TokenKeys.EXPIRE_PREFIX, PAGE, kv -> {
      long deadline = TokenKeys.expireDeadline(kv.key());
      String hash = TokenKeys.expireHash(kv.key());
      expireIndex.add(deadline + "/" + hash);
      StoredToken t = tokens.get(hash);
      if (t == null) {
        out.add("expire/" + deadline + "/" + hash + " names a missing token");
      } else if (t.getExpireTimeMillis() != deadline) {
        out.add("expire/" + deadline + "/" + hash + " but the token expires at "
            + t.getExpireTimeMillis());
      }
    });

    tokens.forEach((hash, t) -> {
      if (!t.getAccessor().isEmpty() && !accessorKeys.contains(core.tokens.hashOf(t.getAccessor()))) {
        out.add("token " + hash + " has no accessor index for " + t.getAccessor());
      }
      if (!t.getParentHash().isEmpty()) {
        if (!childIndex.contains(t.getParentHash() + "/" + hash)) {
          out.add("token " + hash + " has no parent index under " + t.getParentHash());
        }
        if (!tokens.containsKey(t.getParentHash())) {
          out.add("token " + hash + " has a missing parent " + t.getParentHash());
        }
      }
      if (t.getExpireTimeMillis() > 0
          && !expireIndex.contains(t.getExpireTimeMillis() + "/" + hash)) {
        out.add("token " + hash + " expiring at " + t.getExpireTimeMillis()
            + " has no expire index entry");
      }
      if (t.getNumUses() < 0) {
        out.add("token " + hash + " is half-revoked (num_uses " + t.getNumUses() + ")");
      }
    });

    List<KeyValue> revokes = storage.scan(TokenKeys.REVOKE_PREFIX,
        Keys.prefixEnd(TokenKeys.REVOKE_PREFIX), 10);
    for (KeyValue kv : revokes) {
      out.add("revocation record left: " + Keys.suffix(kv.key(), TokenKeys.REVOKE_PREFIX));
    }
    Scans.forEach(storage, Cubbyhole.prefix(), PAGE, kv -> {
      String owner = Cubbyhole.ownerOf(kv.key());
      if (owner == null || !tokens.containsKey(owner)) {
        out.add("cubbyhole entry of missing token " + owner);
      }
    });
    AppRoleConsistency.check(storage, out);
    return out;
  }
}
