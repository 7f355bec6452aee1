package io.ratify.oras.internal.auth;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.RegistryCredentialProvider;
import io.ratify.spi.RegistryCredentialProviderFactory;
import java.util.Map;
import java.util.Set;

/**
 * {@code static}: {@code registry} ({@code host[:port]}), {@code username}, {@code password}; the
 * credential goes to that registry only.
 */
public final class StaticCredentialsFactory implements RegistryCredentialProviderFactory {
  @Override
  public Set<String> names() {
    return Set.of("static");
  }

  @Override
  public RegistryCredentialProvider create(PluginConfig config, PluginContext context)
      throws RatifyException {
    CredentialConfigs.rejectUnknown(config, Set.of("registry", "username", "password"));
    return new StaticCredentials(
            Map.of(
                config.requiredString("registry"),
                new Credential(
                    config.requiredString("username"), config.string("password").orElse(""))))
        .toSpi();
  }
}
