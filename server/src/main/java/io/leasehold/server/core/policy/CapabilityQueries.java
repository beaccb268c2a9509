package io.leasehold.server.core.policy;

import io.leasehold.server.core.LeaseholdException;
import io.leasehold.server.core.request.Caller;
import io.leasehold.server.core.token.TokenEntry;
import io.leasehold.server.core.token.TokenLookup;
import io.leasehold.server.core.token.TokenResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** sys/capabilities, sys/capabilities-self and sys/capabilities-accessor. */
public final class CapabilityQueries {
  private final PolicyAccessControl acl;
  private final TokenResolver resolver;
  private final TokenLookup lookup;

  public CapabilityQueries(PolicyAccessControl acl, TokenResolver resolver, TokenLookup lookup) {
    this.acl = acl;
    this.resolver = resolver;
    this.lookup = lookup;
  }

  /** The capabilities of the given token on each path. */
  public Map<String, List<String>> forToken(String token, List<String> paths) {
    if (token == null || token.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_TOKEN", "missing token");
    }
    requirePaths(paths);
    TokenEntry e = resolver.resolve(token).orElseThrow(
        () -> LeaseholdException.precondition("INVALID_TOKEN", "invalid token"));
    return of(e, paths);
  }

  /** The caller's capabilities on each path. */
  public Map<String, List<String>> forSelf(Caller caller, List<String> paths) {
    requirePaths(paths);
    return of(caller.entry(), paths);
  }

  /** The capabilities of the token with this accessor on each path. */
  public Map<String, List<String>> forAccessor(String accessor, List<String> paths) {
    TokenEntry e = lookup.byAccessor(accessor);
    requirePaths(paths);
    return of(e, paths);
  }

  private Map<String, List<String>> of(TokenEntry e, List<String> paths) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String p : paths) {
      out.put(p, acl.capabilities(e, p));
    }
    return out;
  }

  private static void requirePaths(List<String> paths) {
    if (paths == null || paths.isEmpty()) {
      throw LeaseholdException.invalid("MISSING_PATHS", "missing paths");
    }
  }
}
