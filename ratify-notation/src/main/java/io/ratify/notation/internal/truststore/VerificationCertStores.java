package io.ratify.notation.internal.truststore;

import io.ratify.notation.internal.policy.TrustStoreRef;
import io.ratify.notation.internal.policy.TrustStoreType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ratify's {@code verificationCertStores} parameter, in either of its two forms:
 *
 * <ul>
 *   <li>typed: {@code {ca|signingAuthority|tsa: {<storeName>: [<provider>, ...]}}};
 *   <li>legacy: {@code {<storeName>: [<provider>, ...]}}, where every store is a {@code ca} store.
 * </ul>
 *
 * An entry is typed when its key is a store type and its value a map, legacy when its value is a
 * list; a parameter that mixes both forms is refused, as Ratify refuses it. Provider names are kept
 * as written ({@code name} or {@code namespace/name}).
 */
public final class VerificationCertStores {
  private static final int MAX_STORES = 256;
  private static final int MAX_PROVIDERS_PER_STORE = 64;

  private VerificationCertStores() {}

  /** A configuration problem, with a message for the {@code verificationCertStores} field. */
  public static final class InvalidException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidException(String message) {
      super(message);
    }
  }

  /** Parses the parameter into provider names per named store, in configuration order. */
  public static Map<TrustStoreRef, List<String>> parse(Map<String, Object> value)
      throws InvalidException {
    boolean typed = false;
    boolean legacy = false;
    Map<TrustStoreRef, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : value.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      Optional<TrustStoreType> type = TrustStoreType.fromValue(key);
      if (v instanceof Map<?, ?> stores && type.isPresent()) {
        typed = true;
        for (Map.Entry<?, ?> s : stores.entrySet()) {
          if (!(s.getKey() instanceof String storeName)) {
            throw new InvalidException("store names under '" + key + "' must be strings");
          }
          put(
              out,
              ref(type.get(), storeName, key + "." + storeName),
              providers(s.getValue(), key + "." + storeName));
        }
      } else if (v instanceof List<?>) {
        legacy = true;
        put(out, ref(TrustStoreType.CA, key, key), providers(v, key));
      } else if (v instanceof Map<?, ?>) {
        throw new InvalidException(
            "'"
                + key
                + "' is not a trust store type (ca, signingAuthority or tsa), so its value must"
                + " be a list of key management provider names (legacy form)");
      } else {
        throw new InvalidException(
            "'"
                + key
                + "' must be a list of key management provider names or, for a trust store"
                + " type, a map of store names to such lists");
      }
      if (typed && legacy) {
        throw new InvalidException(
            "mixes the typed form {ca|signingAuthority|tsa: {store: [providers]}} with the legacy"
                + " form {store: [providers]}; use one form");
      }
      if (out.size() > MAX_STORES) {
        throw new InvalidException("has more than " + MAX_STORES + " trust stores");
      }
    }
    return out;
  }

  private static void put(
      Map<TrustStoreRef, List<String>> out, TrustStoreRef ref, List<String> providers)
      throws InvalidException {
    if (out.putIfAbsent(ref, providers) != null) {
      throw new InvalidException("trust store " + ref + " is declared twice");
    }
  }

  private static TrustStoreRef ref(TrustStoreType type, String name, String at)
      throws InvalidException {
    if (!TrustStoreRef.isValidName(name)) {
      throw new InvalidException(
          "'" + at + "': trust store name '" + name + "' must match [a-zA-Z0-9_.-]+");
    }
    return new TrustStoreRef(type, name);
  }

  private static List<String> providers(Object v, String at) throws InvalidException {
    if (!(v instanceof List<?> list)) {
      throw new InvalidException("'" + at + "' must be a list of key management provider names");
    }
    if (list.isEmpty()) {
      throw new InvalidException("'" + at + "' names no key management provider");
    }
    if (list.size() > MAX_PROVIDERS_PER_STORE) {
      throw new InvalidException(
          "'" + at + "' names more than " + MAX_PROVIDERS_PER_STORE + " key management providers");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s) || s.isBlank()) {
        throw new InvalidException(
            "'" + at + "' must contain only non-blank key management provider names");
      }
      out.add(s.trim());
    }
    return List.copyOf(out);
  }
}
