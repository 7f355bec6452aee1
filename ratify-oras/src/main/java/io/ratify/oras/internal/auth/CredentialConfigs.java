package io.ratify.oras.internal.auth;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import java.util.Set;
import java.util.TreeSet;

/** Checks shared by the built-in credential provider factories. */
final class CredentialConfigs {
  /** The keys that select the provider: Ratify v1's {@code name}, v2's {@code provider}. */
  static final Set<String> SELECTORS = Set.of("name", "provider");

  private CredentialConfigs() {}

  static void rejectUnknown(PluginConfig config, Set<String> known) throws RatifyException {
    for (String key : config.parameters().keySet()) {
      if (!known.contains(key) && !SELECTORS.contains(key)) {
        Set<String> all = new TreeSet<>(known);
        throw config.invalid(key, "unknown field; known: " + all);
      }
    }
  }
}
