package io.ratify.oras.internal.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Credentials given in configuration, each bound to one registry host, so that a credential is
 * never offered to a registry it was not configured for.
 */
public final class StaticCredentials implements CredentialProvider {
  private final Map<String, Credential> byRegistry;

  /**
   * @param byRegistry credential per registry host ({@code host[:port]}, case-insensitive)
   */
  public StaticCredentials(Map<String, Credential> byRegistry) {
    this.byRegistry =
        byRegistry.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
  }

  @Override
  public Optional<Credential> find(String registry) {
    return Optional.ofNullable(byRegistry.get(registry.toLowerCase(Locale.ROOT)));
  }

  @Override
  public String toString() {
    return "StaticCredentials" + byRegistry.keySet();
  }
}
