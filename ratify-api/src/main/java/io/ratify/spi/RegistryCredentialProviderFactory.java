package io.ratify.spi;

import io.ratify.api.RatifyException;
import java.util.Set;

/**
 * Creates {@link RegistryCredentialProvider}s for the registry store's {@code authProvider: {name:
 * …}} (Ratify v1) or {@code credential: {provider: …}} (Ratify v2) parameter; register
 * implementations in {@code META-INF/services/io.ratify.spi.RegistryCredentialProviderFactory}. The
 * built-in names are {@code dockerConfig}, {@code static} and {@code anonymous} (in {@code
 * ratify-oras}) and {@code azureWorkloadIdentity}, {@code azureManagedIdentity} and {@code azure}
 * (in {@code ratify-keyvault}); each name may be claimed by one factory only.
 */
public interface RegistryCredentialProviderFactory {
  /**
   * The names configuration selects this factory with, as written (case-sensitive).
   *
   * @return one or more names
   */
  Set<String> names();

  /**
   * The SPI version this factory was built against; see {@link PluginFactory#SPI_VERSION}.
   *
   * @return the version
   */
  default int spiVersion() {
    return PluginFactory.SPI_VERSION;
  }

  /**
   * Creates a provider from the {@code authProvider} (or {@code credential}) map. Validates every
   * field first and fails with {@link io.ratify.api.ErrorCode#CONFIG_INVALID} naming it; the
   * selecting key ({@code name} or {@code provider}) is part of {@code config}'s parameters.
   *
   * @param config the provider's parameters, with the enclosing store's kind and name
   * @param context the store's context (base directory for relative paths, clock)
   * @return the provider
   * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} for bad parameters
   */
  RegistryCredentialProvider create(PluginConfig config, PluginContext context)
      throws RatifyException;
}
