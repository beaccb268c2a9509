package io.leasehold.server.core.policy;

import static io.leasehold.server.core.policy.Capability.CREATE;
import static io.leasehold.server.core.policy.Capability.DELETE;
import static io.leasehold.server.core.policy.Capability.LIST;
import static io.leasehold.server.core.policy.Capability.READ;
import static io.leasehold.server.core.policy.Capability.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.core.request.Operation;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The default policy has Vault's paths and capabilities (BEHAVIOUR.md 11.1, Vault column). */
class DefaultPolicyTest {
  private static final Map<String, Set<Capability>> VAULT = new LinkedHashMap<>();

  static {
    VAULT.put("auth/token/lookup-self", EnumSet.of(READ));
    VAULT.put("auth/token/renew-self", EnumSet.of(UPDATE));
    VAULT.put("auth/token/revoke-self", EnumSet.of(UPDATE));
    VAULT.put("sys/capabilities-self", EnumSet.of(UPDATE));
    VAULT.put("identity/entity/id/{{identity.entity.id}}", EnumSet.of(READ));
    VAULT.put("identity/entity/name/{{identity.entity.name}}", EnumSet.of(READ));
    VAULT.put("sys/internal/ui/resultant-acl", EnumSet.of(READ));
    VAULT.put("sys/renew", EnumSet.of(UPDATE));
    VAULT.put("sys/leases/renew", EnumSet.of(UPDATE));
    VAULT.put("sys/leases/lookup", EnumSet.of(UPDATE));
    VAULT.put("cubbyhole/*", EnumSet.of(CREATE, READ, UPDATE, DELETE, LIST));
    VAULT.put("sys/wrapping/wrap", EnumSet.of(UPDATE));
    VAULT.put("sys/wrapping/lookup", EnumSet.of(UPDATE));
    VAULT.put("sys/wrapping/unwrap", EnumSet.of(UPDATE));
    VAULT.put("sys/tools/hash", EnumSet.of(UPDATE));
    VAULT.put("sys/tools/hash/*", EnumSet.of(UPDATE));
    VAULT.put("sys/control-group/request", EnumSet.of(UPDATE));
    VAULT.put("identity/oidc/provider/+/authorize", EnumSet.of(READ, UPDATE));
  }

  @Test
  void text_hasExactlyVaultsRules_inVaultsOrder() {
    Policy p = DefaultPolicy.policy();
    assertThat(p.name()).isEqualTo("default");
    assertThat(p.raw()).isEqualTo(DefaultPolicy.TEXT);
    Map<String, Set<Capability>> parsed = new LinkedHashMap<>();
    p.rules().forEach(r -> parsed.put(r.pattern(), r.capabilities()));
    assertThat(parsed).containsExactlyEntriesOf(VAULT);
    assertThat(p.rules()).allSatisfy(r -> {
      assertThat(r.allowedParameters()).isEmpty();
      assertThat(r.deniedParameters()).isEmpty();
      assertThat(r.requiredParameters()).isEmpty();
    });
  }

  @Test
  void compiled_givesTheExpectedCapabilities() {
    Acl acl = Acl.of(DefaultPolicy.policy());
    assertThat(acl.capabilities("auth/token/lookup-self")).containsExactly(READ);
    assertThat(acl.capabilities("auth/token/renew-self")).containsExactly(UPDATE);
    assertThat(acl.capabilities("auth/token/revoke-self")).containsExactly(UPDATE);
    assertThat(acl.capabilities("cubbyhole/secret/deep"))
        .containsExactlyInAnyOrder(CREATE, READ, UPDATE, DELETE, LIST);
    assertThat(acl.capabilities("cubbyhole/")).containsExactlyInAnyOrder(CREATE, READ, UPDATE,
        DELETE, LIST);
    assertThat(acl.capabilities("sys/tools/hash/sha2-256")).containsExactly(UPDATE);
    assertThat(acl.capabilities("identity/oidc/provider/default/authorize"))
        .containsExactlyInAnyOrder(READ, UPDATE);
    assertThat(acl.capabilityNames("identity/oidc/provider/default/authorize"))
        .containsExactly("read", "update");
    // Templated entity paths need an entity; Leasehold tokens have none.
    assertThat(acl.capabilities("identity/entity/id/abc")).isEmpty();
    assertThat(acl.capabilities("auth/token/create")).isEmpty();
    assertThat(acl.capabilities("auth/token/lookup")).isEmpty();
    assertThat(acl.capabilities("secret/foo")).isEmpty();
  }

  @Test
  void compiled_allowsOnlyWhatATokenDoesWithItself() {
    Acl acl = Acl.of(DefaultPolicy.policy());
    assertThat(acl.check("auth/token/lookup-self", Operation.READ).allowed()).isTrue();
    assertThat(acl.check("auth/token/lookup-self", Operation.UPDATE).allowed()).isFalse();
    assertThat(acl.check("auth/token/renew-self", Operation.UPDATE).allowed()).isTrue();
    assertThat(acl.check("cubbyhole/", Operation.LIST).allowed()).isTrue();
    assertThat(acl.check("auth/token/create", Operation.UPDATE).allowed()).isFalse();
    assertThat(acl.check("auth/token/accessors/", Operation.LIST, Map.of(), true).allowed()).isFalse();
    assertThat(acl.hasSudo("auth/token/create")).isFalse();
  }

  @Test
  void json_ofTheSameRules_compilesTheSame() {
    StringBuilder json = new StringBuilder("{\"path\": {");
    boolean first = true;
    for (Map.Entry<String, Set<Capability>> e : VAULT.entrySet()) {
      json.append(first ? "" : ",").append('"').append(e.getKey()).append("\": {\"capabilities\": [");
      json.append(String.join(",", e.getValue().stream().map(c -> '"' + c.text() + '"').toList()));
      json.append("]}");
      first = false;
    }
    Policy fromJson = PolicyParser.parse("default", json.append("}}").toString());
    assertThat(fromJson.rules()).isEqualTo(DefaultPolicy.policy().rules());
  }
}
