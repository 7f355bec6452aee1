package io.ratify.api;

/**
 * A named source of trust material: certificates (chains) and public keys, for example inline PEM
 * or Azure Key Vault. Verifiers look providers up by name through {@link
 * io.ratify.spi.PluginContext}.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #fetch} either returns material that was read and parsed completely, or throws; it never
 * returns a partial set silently. Disabled entries are reported with {@link KeyId#enabled()} false,
 * never as enabled. Implementations are thread-safe and may cache; {@link #refreshable()} says
 * whether material can change.
 */
public interface KeyManagementProvider {
  /**
   * The configured name.
   *
   * @return the configured name
   */
  String name();

  /**
   * The provider type ({@code inline}, {@code azurekeyvault}).
   *
   * @return the provider type ({@code inline}, {@code azurekeyvault})
   */
  String type();

  /**
   * The current material (possibly cached by the provider).
   *
   * @param deadline the deadline
   * @return the current material (possibly cached by the provider)
   * @throws RatifyException when the material cannot be read completely before the deadline (never
   *     a partial result)
   */
  KeyMaterial fetch(Deadline deadline) throws RatifyException;

  /**
   * Whether the material can change over time (and so should be refreshed).
   *
   * @return whether the material can change over time (and so should be refreshed)
   */
  default boolean refreshable() {
    return false;
  }
}
