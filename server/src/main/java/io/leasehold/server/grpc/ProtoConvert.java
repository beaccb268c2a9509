package io.leasehold.server.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.leasehold.proto.v1.StringList;
import io.leasehold.proto.v1.TokenAuth;
import io.leasehold.proto.v1.TokenInfo;
import io.leasehold.proto.v1.TokenType;
import io.leasehold.proto.v1.TokenTypeSetting;
import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.token.TokenDetails;
import io.leasehold.server.core.token.TokenEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Translation between proto messages and core values. No rules here, only shapes. */
final class ProtoConvert {
  private static final long MAX_SECONDS = 315_576_000_000L;

  private ProtoConvert() {}

  /**
   * Whole seconds of a duration, or 0 when unset. Sub-second parts are dropped; any negative
   * duration stays negative so the core can refuse it with its message.
   */
  static long seconds(boolean present, Duration d, String field) {
    if (!present) {
      return 0;
    }
    checkValid(d, field);
    if (d.getSeconds() < 0 || d.getNanos() < 0) {
      return Math.min(d.getSeconds(), -1);
    }
    return d.getSeconds();
  }

  /** As {@link #seconds}, but null when unset. */
  static Long secondsOrNull(boolean present, Duration d, String field) {
    return present ? seconds(true, d, field) : null;
  }

  private static void checkValid(Duration d, String field) {
    long s = d.getSeconds();
    int n = d.getNanos();
    boolean valid = s >= -MAX_SECONDS && s <= MAX_SECONDS && n > -1_000_000_000 && n < 1_000_000_000
        && !((s < 0 && n > 0) || (s > 0 && n < 0));
    if (!valid) {
      throw LeaseholdException.invalid("INVALID_DURATION", "invalid duration for " + field);
    }
  }

  /**
   * A request's data as policies see it ({@code allowed_parameters} and friends): every field the
   * caller set, by its proto name (which is Vault's parameter name), except those that name the
   * thing being addressed (they are part of the path). Durations become seconds, enums their
   * lower-case names, wrapper lists their values.
   */
  static Map<String, Object> params(com.google.protobuf.Message request, String... pathFields) {
    java.util.Set<String> skip = java.util.Set.of(pathFields);
    Map<String, Object> out = new LinkedHashMap<>();
    request.getAllFields().forEach((field, value) -> {
      if (!skip.contains(field.getName())) {
        out.put(field.getName(), plainField(field, value));
      }
    });
    return out;
  }

  private static Object plainField(com.google.protobuf.Descriptors.FieldDescriptor field,
      Object value) {
    if (field.isMapField()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Object entry : (List<?>) value) {
        com.google.protobuf.MapEntry<?, ?> e = (com.google.protobuf.MapEntry<?, ?>) entry;
        m.put(String.valueOf(e.getKey()), e.getValue());
      }
      return m;
    }
    if (field.isRepeated()) {
      List<Object> items = new java.util.ArrayList<>();
      for (Object v : (List<?>) value) {
        items.add(plainValue(v));
      }
      return items;
    }
    return plainValue(value);
  }

  private static Object plainValue(Object v) {
    if (v instanceof Duration d) {
      return d.getSeconds();
    }
    if (v instanceof StringList l) {
      return List.copyOf(l.getValuesList());
    }
    if (v instanceof com.google.protobuf.Descriptors.EnumValueDescriptor e) {
      return e.getName().toLowerCase(java.util.Locale.ROOT);
    }
    if (v instanceof Struct s) {
      return params(s);
    }
    return v;
  }

  /** Request data as policies see it: String, Double, Boolean, List and Map values. */
  static Map<String, Object> params(Struct data) {
    Map<String, Object> out = new LinkedHashMap<>();
    data.getFieldsMap().forEach((k, v) -> out.put(k, plain(v)));
    return out;
  }

  private static Object plain(Value v) {
    return switch (v.getKindCase()) {
      case STRING_VALUE -> v.getStringValue();
      case NUMBER_VALUE -> v.getNumberValue();
      case BOOL_VALUE -> v.getBoolValue();
      case LIST_VALUE -> v.getListValue().getValuesList().stream().map(ProtoConvert::plain)
          .collect(java.util.stream.Collectors.toList());
      case STRUCT_VALUE -> params(v.getStructValue());
      default -> "";
    };
  }

  static Duration duration(long seconds) {
    return Duration.newBuilder().setSeconds(seconds).build();
  }

  static Timestamp timestamp(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(millis, 1000))
        .setNanos(Math.floorMod(millis, 1000) * 1_000_000)
        .build();
  }

  /** The create request's type as the core reads it. */
  static String tokenType(TokenType t) {
    return switch (t) {
      case TOKEN_TYPE_UNSPECIFIED -> "";
      case TOKEN_TYPE_SERVICE -> "service";
      case TOKEN_TYPE_BATCH -> "batch";
      default -> "unrecognized";
    };
  }

  /** A role or mount token-type setting as the core reads it; null when unset. */
  static String tokenTypeSetting(TokenTypeSetting s, int rawValue) {
    return switch (s) {
      case TOKEN_TYPE_SETTING_UNSPECIFIED -> null;
      case TOKEN_TYPE_SETTING_DEFAULT_SERVICE -> "default-service";
      case TOKEN_TYPE_SETTING_DEFAULT_BATCH -> "default-batch";
      case TOKEN_TYPE_SETTING_SERVICE -> "service";
      case TOKEN_TYPE_SETTING_BATCH -> "batch";
      default -> Integer.toString(rawValue);
    };
  }

  static TokenTypeSetting tokenTypeSetting(String s) {
    return switch (s) {
      case "default-batch" -> TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_BATCH;
      case "service" -> TokenTypeSetting.TOKEN_TYPE_SETTING_SERVICE;
      case "batch" -> TokenTypeSetting.TOKEN_TYPE_SETTING_BATCH;
      default -> TokenTypeSetting.TOKEN_TYPE_SETTING_DEFAULT_SERVICE;
    };
  }

  static List<String> list(boolean present, StringList l) {
    return present ? l.getValuesList() : null;
  }

  /** Vault's auth block for a token just created or renewed. */
  static TokenAuth auth(String clientToken, TokenEntry e, long leaseSeconds) {
    return TokenAuth.newBuilder()
        .setClientToken(clientToken)
        .setAccessor(e.accessor())
        .addAllPolicies(e.policies())
        .addAllTokenPolicies(e.policies())
        .putAllMetadata(e.meta())
        .setLeaseDuration(duration(leaseSeconds))
        .setRenewable(e.renewable() && e.expireTimeMillis() > 0)
        .setEntityId("")
        .setTokenType(e.batch() ? TokenType.TOKEN_TYPE_BATCH : TokenType.TOKEN_TYPE_SERVICE)
        .setOrphan(e.orphan())
        .setNumUses(e.numUses())
        .build();
  }

  static TokenInfo info(TokenDetails d) {
    TokenInfo.Builder b = TokenInfo.newBuilder()
        .setId(d.id())
        .setAccessor(d.accessor())
        .addAllPolicies(d.policies())
        .setPath(d.path())
        .putAllMeta(d.meta())
        .setDisplayName(d.displayName())
        .setNumUses(d.numUses())
        .setOrphan(d.orphan())
        .setCreationTime(timestamp(d.creationTimeMillis()))
        .setCreationTtl(duration(d.creationTtl()))
        .setTtl(duration(d.ttl()))
        .setExplicitMaxTtl(duration(d.explicitMaxTtl()))
        .setEntityId("")
        .setType(d.type() == io.leasehold.server.core.token.TokenType.BATCH
            ? TokenType.TOKEN_TYPE_BATCH : TokenType.TOKEN_TYPE_SERVICE)
        .setRole(d.role())
        .addAllBoundCidrs(d.boundCidrs());
    if (d.expireTimeMillis() > 0) {
      b.setExpireTime(timestamp(d.expireTimeMillis()));
    }
    if (d.renewable() != null) {
      b.setRenewable(d.renewable());
      b.setIssueTime(timestamp(d.issueTimeMillis()));
    }
    if (d.period() > 0) {
      b.setPeriod(duration(d.period()));
    }
    if (d.lastRenewalTimeMillis() > 0) {
      b.setLastRenewalTime(timestamp(d.lastRenewalTimeMillis()));
    }
    return b.build();
  }
}
