package io.ratify.oras.internal.auth;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.RegistryCredentialProvider;
import io.ratify.spi.RegistryCredentialProviderFactory;
import java.util.Set;

/** {@code anonymous}: no credential for any registry. */
public final class AnonymousCredentialsFactory implements RegistryCredentialProviderFactory {
  @Override
  public Set<String> names() {
    return Set.of("anonymous");
  }

  @Override
  public RegistryCredentialProvider create(PluginConfig config, PluginContext context)
      throws RatifyException {
    CredentialConfigs.rejectUnknown(config, Set.of());
    return RegistryCredentialProvider.ANONYMOUS;
  }
}
