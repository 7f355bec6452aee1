package io.ratify.api;

import java.util.Objects;

/**
 * Identifies one certificate chain or key held by a {@link KeyManagementProvider}.
 *
 * @param name the name in the provider (empty for an inline provider's single entry)
 * @param version the version (empty when unversioned or latest)
 * @param enabled whether the provider reports the entry as enabled
 */
public record KeyId(String name, String version, boolean enabled) {
  /**
   * Checks that name and version are present.
   *
   * @param enabled the enabled
   * @param name the name
   * @param version the version
   */
  public KeyId {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /**
   * The single unnamed entry of a provider that holds one chain or key.
   *
   * @return the single unnamed entry of a provider that holds one chain or key
   */
  public static KeyId single() {
    return new KeyId("", "", true);
  }
}
