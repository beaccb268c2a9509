package io.leasehold.client.cli.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathRouterTest {
  private final PathRouter router = PathRouter.standard();

  @Test
  void variables_oneSegment_rest_andSlashesIgnored() {
    assertThat(router.route(PathOp.READ, "sys/auth/token/tune").vars())
        .containsExactly(Map.entry("mount", "token"));
    assertThat(router.route(PathOp.WRITE, "/sys/leases/revoke-prefix/auth/token/create/").vars())
        .containsExactly(Map.entry("prefix", "auth/token/create"));
    assertThat(router.route(PathOp.READ, "cubbyhole/a/b").vars())
        .containsExactly(Map.entry("path", "a/b"));
    assertThat(router.route(PathOp.WRITE, "auth/token/create/zabbix").route().pattern())
        .isEqualTo("auth/token/create/{role}");
    assertThat(router.route(PathOp.WRITE, "auth/token/create").route().pattern())
        .isEqualTo("auth/token/create");
    assertThat(router.route(PathOp.LIST, "cubbyhole/").route().pattern()).isEqualTo("cubbyhole");
  }

  @Test
  void roleNameIsOneSegment() {
    assertThatThrownBy(() -> router.route(PathOp.READ, "auth/token/roles/a/b"))
        .isInstanceOf(PathException.class).hasMessageContaining("does not serve");
  }

  @Test
  void wrongOperation_namesTheOnesThereAre() {
    assertThatThrownBy(() -> router.route(PathOp.DELETE, "sys/auth/token/tune"))
        .hasMessage("'delete' is not supported on sys/auth/token/tune; it supports: read, write.");
  }

  @Test
  void newRoutesSlotIn() {
    PathRoute extra = PathRoute.of("auth/approle/role/{role}/role-id", java.util.Set.of(
        PathOp.READ), r -> null);
    PathRouter extended = new PathRouter(List.of(extra));
    assertThat(extended.route(PathOp.READ, "auth/approle/role/jenkins/role-id").vars())
        .containsExactly(Map.entry("role", "jenkins"));
  }

  @Test
  void data_vaultFieldTypes() {
    PathData d = new PathData(Map.of("period", List.of("8h"), "ttl", List.of("3600"),
        "orphan", List.of("true"), "policies", List.of("a, b", "c"), "n", List.of("3")));
    assertThat(d.duration("period")).isEqualTo(Duration.ofHours(8));
    assertThat(d.duration("ttl")).isEqualTo(Duration.ofHours(1));
    assertThat(d.bool("orphan")).isTrue();
    assertThat(d.list("policies")).containsExactly("a", "b", "c");
    assertThat(d.number("n")).isEqualTo(3);
    assertThat(d.string("absent")).isNull();
    assertThat(d.unused()).isEmpty();

    PathData bad = new PathData(Map.of("period", List.of("8x")));
    assertThatThrownBy(() -> bad.duration("period"))
        .hasMessageStartingWith("error converting input 8x for field \"period\"");
  }

  @Test
  void appRole_anyMount_tokenPathsStayTheTokenStore() {
    assertThat(router.route(PathOp.WRITE, "auth/ci/approle/role/jenkins/secret-id").vars())
        .containsEntry("mount", "ci/approle").containsEntry("role", "jenkins");
    assertThat(router.route(PathOp.READ, "auth/approle/role/jenkins/role-id").route().pattern())
        .isEqualTo("auth/{mount*}/role/{role}/role-id");
    assertThat(router.route(PathOp.WRITE, "auth/approle/role/jenkins/secret-id/lookup").route()
        .pattern()).isEqualTo("auth/{mount*}/role/{role}/secret-id/lookup");
    assertThat(router.route(PathOp.LIST, "auth/approle/role/").route().pattern())
        .isEqualTo("auth/{mount*}/role");
    assertThat(router.route(PathOp.WRITE, "auth/approle/login").vars())
        .containsExactly(Map.entry("mount", "approle"));
    assertThat(router.route(PathOp.READ, "auth/token/roles/zabbix").route().pattern())
        .isEqualTo("auth/token/roles/{role}");
    assertThat(router.route(PathOp.LIST, "auth/token/roles").route().pattern())
        .isEqualTo("auth/token/roles");
    assertThatThrownBy(() -> router.route(PathOp.READ, "auth/approle/login"))
        .hasMessage("'read' is not supported on auth/approle/login; it supports: write.");
  }

  @Test
  void flatJson_stringsOnly() {
    assertThat(FlatJson.parseObject("metadata", " { \"a\" : \"x\\\"y\", \"b\":\"\\u00e9\"} "))
        .containsExactly(Map.entry("a", "x\"y"), Map.entry("b", "\u00e9"));
    assertThat(FlatJson.parseObject("metadata", "{}")).isEmpty();
    for (String bad : new String[] {"{\"a\":1}", "{\"a\":\"x\"", "[]", "{\"a\":\"x\"} y", ""}) {
      assertThatThrownBy(() -> FlatJson.parseObject("metadata", bad)).as(bad)
          .isInstanceOf(PathException.class)
          .hasMessageStartingWith("failed to parse metadata: it must be a JSON object of strings");
    }
  }
}
