package io.leasehold.server.core.auth.approle;

import io.leasehold.server.storage.Keys;

/**
 * Where an AppRole mount keeps its data: everything under {@code approle/<mount uuid>/}, so that
 * disabling the mount deletes one prefix. Secret IDs, role IDs and secret-ID accessors appear in
 * keys only as keyed hashes.
 */
final class AppRoleKeys {
  private AppRoleKeys() {}

  /** Everything the mount stores. */
  static byte[] mount(String mountUuid) {
    return Keys.of("approle/" + mountUuid + "/");
  }

  static byte[] roles(String mountUuid) {
    return Keys.of("approle/" + mountUuid + "/role/");
  }

  static byte[] role(String mountUuid, String name) {
    return Keys.of("approle/" + mountUuid + "/role/" + name);
  }

  /** Role-ID index: the keyed hash of a role ID to the role's name. */
  static byte[] roleId(String mountUuid, String roleIdHash) {
    return Keys.of("approle/" + mountUuid + "/role-id/" + roleIdHash);
  }

  static byte[] secrets(String mountUuid, String space) {
    return Keys.of("approle/" + mountUuid + "/secret/" + space + "/");
  }

  static byte[] secret(String mountUuid, String space, String secretHash) {
    return Keys.of("approle/" + mountUuid + "/secret/" + space + "/" + secretHash);
  }

  static byte[] accessors(String mountUuid, String space) {
    return Keys.of("approle/" + mountUuid + "/accessor/" + space + "/");
  }

  static byte[] accessor(String mountUuid, String space, String accessorHash) {
    return Keys.of("approle/" + mountUuid + "/accessor/" + space + "/" + accessorHash);
  }
}
