package io.leasehold.server.core.policy;

import static io.leasehold.server.CoreFixture.req;
import static io.leasehold.server.Refusals.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.server.CoreFixture;
import io.leasehold.server.core.token.CreatedToken;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Policy storage, the built-ins and their texts, and capabilities. */
class PolicyStoreTest {
  private final CoreFixture f = new CoreFixture();
  private final PolicyStore store = f.core.policies;

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void builtins() {
    assertThat(store.list()).contains("default", "root");
    assertThat(store.read("default")).get().asString().contains("auth/token/lookup-self");
    assertThat(store.read("root")).contains("");
    assertThat(store.exists("root")).isTrue();
    assertThat(store.read("nope")).isEmpty();
    invalid("cannot update \"root\" policy", () -> store.write("root", "path \"x\" {}"));
    invalid("cannot update \"response-wrapping\" policy",
        () -> store.write("response-wrapping", "path \"x\" { capabilities = [\"read\"] }"));
    invalid("cannot delete default policy", () -> store.delete("default"));
    invalid("cannot delete \"root\" policy", () -> store.delete("ROOT"));
    invalid("cannot delete \"response-wrapping\" policy", () -> store.delete("response-wrapping"));
  }

  @Test
  void writeReadListDelete_namesAreLowerCased() {
    store.write("Readers", "path \"secret/*\" { capabilities = [\"read\"] }");
    assertThat(store.list()).contains("readers");
    assertThat(store.read("READERS")).contains("path \"secret/*\" { capabilities = [\"read\"] }");
    store.delete("readers");
    store.delete("readers");
    assertThat(store.read("readers")).isEmpty();
  }

  @Test
  void badPolicies_areRefusedWithPositionAndNothingIsStored() {
    invalid("'policy' parameter not supplied or empty", () -> store.write("p", "  "));
    invalid("missing policy name", () -> store.write(" ", "path \"x\" {}"));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> store.write("p", "path \"x\" { capabilities = [\"read\" }")))
        .hasMessageStartingWith("failed to parse policy: 1:");
    assertThat(store.read("p")).isEmpty();
  }

  @Test
  void defaultPolicyIsEditable_andTheEditTakesEffect() {
    CreatedToken t = f.createAsRoot(req().policies("default").build());
    PolicyAccessControl acl = f.core.acl;
    assertThat(acl.capabilities(t.entry(), "auth/token/lookup-self")).containsExactly("read");
    store.write("default", "path \"auth/token/lookup-self\" { capabilities = [\"deny\"] }");
    assertThat(acl.capabilities(t.entry(), "auth/token/lookup-self")).containsExactly("deny");
  }

  @Test
  void capabilities_sortedRootOrDeny() {
    CreatedToken t = f.createAsRoot(req().policies("default").build());
    assertThat(f.core.acl.capabilities(t.entry(), "cubbyhole/x"))
        .containsExactly("create", "delete", "list", "read", "update");
    assertThat(f.core.acl.capabilities(t.entry(), "/cubbyhole/x"))
        .containsExactly("create", "delete", "list", "read", "update");
    assertThat(f.core.acl.capabilities(t.entry(), "sys/mounts")).containsExactly("deny");
    assertThat(f.core.acl.capabilities(f.live(f.rootToken).orElseThrow(), "anything"))
        .containsExactly("root");
    assertThat(f.core.capabilities.forAccessor(t.entry().accessor(), List.of("cubbyhole/a",
        "auth/token/create"))).containsEntry("auth/token/create", List.of("deny"));
    invalid("missing paths", () -> f.core.capabilities.forToken(f.rootToken, List.of()));
    invalid("missing token", () -> f.core.capabilities.forToken("", List.of("x")));
    io.leasehold.server.Refusals.precondition("invalid token",
        () -> f.core.capabilities.forToken("s.nope", List.of("x")));
  }

  @Test
  void unknownPolicyOnATokenWarns_andGrantsNothing() {
    CreatedToken t = f.createAsRoot(req().policies("ghost").build());
    assertThat(t.warnings()).containsExactly("Policy \"ghost\" does not exist");
    assertThat(f.core.acl.capabilities(t.entry(), "secret/x")).containsExactly("deny");
    store.write("ghost", "path \"secret/*\" { capabilities = [\"read\"] }");
    assertThat(f.core.acl.capabilities(t.entry(), "secret/x")).containsExactly("read");
  }
}
