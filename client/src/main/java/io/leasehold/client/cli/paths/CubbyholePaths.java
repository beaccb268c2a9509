package io.leasehold.client.cli.paths;

import static io.leasehold.client.cli.paths.PathOp.DELETE;
import static io.leasehold.client.cli.paths.PathOp.LIST;
import static io.leasehold.client.cli.paths.PathOp.READ;
import static io.leasehold.client.cli.paths.PathOp.WRITE;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.leasehold.client.output.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code cubbyhole/...}: the caller's private key-value space. */
final class CubbyholePaths {
  private CubbyholePaths() {}

  static List<PathRoute> routes() {
    return List.of(
        PathRoute.of("cubbyhole", Set.of(LIST),
            r -> TokenPaths.keys(r.client().cubbyholeList(""))),
        PathRoute.of("cubbyhole/{path*}", Set.of(READ, WRITE, LIST, DELETE),
            CubbyholePaths::handle));
  }

  private static Secret handle(PathRoute.Request r) {
    String path = r.var("path");
    switch (r.op()) {
      case READ -> {
        var resp = r.client().cubbyholeRead(path);
        return Secret.ofData(toMap(resp.getData()), resp.getWarningsList());
      }
      case LIST -> {
        return TokenPaths.keys(r.client().cubbyholeList(path.endsWith("/") ? path : path + "/"));
      }
      case DELETE -> {
        r.client().cubbyholeDelete(path);
        return null;
      }
      default -> {
        r.client().cubbyholeWrite(path, toStruct(r.data().raw()));
        return null;
      }
    }
  }

  static Struct toStruct(Map<String, Object> data) {
    Struct.Builder b = Struct.newBuilder();
    data.forEach((k, v) -> b.putFields(k, toValue(v)));
    return b.build();
  }

  private static Value toValue(Object v) {
    if (v instanceof List<?> list) {
      ListValue.Builder l = ListValue.newBuilder();
      list.forEach(item -> l.addValues(toValue(item)));
      return Value.newBuilder().setListValue(l).build();
    }
    return Value.newBuilder().setStringValue(String.valueOf(v)).build();
  }

  static Map<String, Object> toMap(Struct s) {
    Map<String, Object> m = new LinkedHashMap<>();
    s.getFieldsMap().forEach((k, v) -> m.put(k, fromValue(v)));
    return m;
  }

  private static Object fromValue(Value v) {
    return switch (v.getKindCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case NUMBER_VALUE -> {
        double d = v.getNumberValue();
        yield d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
      }
      case STRUCT_VALUE -> toMap(v.getStructValue());
      case LIST_VALUE -> {
        List<Object> items = new ArrayList<>();
        v.getListValue().getValuesList().forEach(x -> items.add(fromValue(x)));
        yield items;
      }
      default -> null;
    };
  }
}
