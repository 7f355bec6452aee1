package io.ratify.keyvault.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry hosts an Azure credential may be used for (Ratify's {@code endpoints}, the fix of
 * CVE-2025-27403): exact hosts ({@code host[:port]}) and wildcards {@code *.<domain>} that match
 * exactly one more leading label ({@code a.azurecr.io}, not {@code a.b.azurecr.io} nor {@code
 * azurecr.io}). Any other host gets no Azure credential at all.
 *
 * @param entries the entries, lower case
 */
public record RegistryEndpoints(List<String> entries) {
  /** Ratify's defaults plus {@code *.azurecr.de}: the ACR domains of the Azure clouds. */
  public static final RegistryEndpoints DEFAULT =
      new RegistryEndpoints(
          List.of("*.azurecr.io", "*.azurecr.us", "*.azurecr.cn", "*.azurecr.de"));

  private static final int MAX_ENTRIES = 100;

  public RegistryEndpoints {
    entries = entries.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * Checks and builds; an empty list means the defaults.
   *
   * @return the endpoints, or the problem with the first bad entry
   */
  public static Result parse(List<?> raw) {
    if (raw.isEmpty()) {
      return new Result(Optional.of(DEFAULT), Optional.empty());
    }
    if (raw.size() > MAX_ENTRIES) {
      return Result.bad("has more than " + MAX_ENTRIES + " entries");
    }
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.get(i) instanceof String s)) {
        return Result.bad("[" + i + "] is not a string");
      }
      String e = s.strip();
      int stars = (int) e.chars().filter(c -> c == '*').count();
      boolean wildcard = e.startsWith("*.") && stars == 1 && e.length() > 2;
      if (e.isEmpty()
          || (stars > 0 && !wildcard)
          || !e.substring(wildcard ? 2 : 0).matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")
          || e.substring(wildcard ? 2 : 0).startsWith(".")) {
        return Result.bad(
            "["
                + i
                + "] must be a host[:port] or *.<domain> (one leading wildcard label), got '"
                + AcrCredentialProvider.printable(e)
                + "'");
      }
    }
    return new Result(
        Optional.of(new RegistryEndpoints(raw.stream().map(o -> ((String) o).strip()).toList())),
        Optional.empty());
  }

  /**
   * The outcome of {@link #parse}.
   *
   * @param endpoints the endpoints when valid
   * @param problem what is wrong otherwise
   */
  public record Result(Optional<RegistryEndpoints> endpoints, Optional<String> problem) {
    static Result bad(String problem) {
      return new Result(Optional.empty(), Optional.of(problem));
    }
  }

  /** Whether {@code registry} ({@code host[:port]} as in the reference) may get the credential. */
  public boolean allows(String registry) {
    String host = registry.toLowerCase(Locale.ROOT);
    for (String e : entries) {
      if (e.startsWith("*.")) {
        int dot = host.indexOf('.');
        if (dot > 0 && host.substring(dot + 1).equals(e.substring(2))) {
          return true;
        }
      } else if (host.equals(e)) {
        return true;
      }
    }
    return false;
  }
}
