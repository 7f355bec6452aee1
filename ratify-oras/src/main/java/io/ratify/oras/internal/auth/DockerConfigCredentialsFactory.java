package io.ratify.oras.internal.auth;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.RegistryCredentialProvider;
import io.ratify.spi.RegistryCredentialProviderFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dockerConfig}: {@code configPath} (optional, relative to the configuration's directory),
 * else the usual docker and podman locations; see {@link DockerConfigCredentials}.
 */
public final class DockerConfigCredentialsFactory implements RegistryCredentialProviderFactory {
  @Override
  public Set<String> names() {
    return Set.of("dockerConfig");
  }

  @Override
  public RegistryCredentialProvider create(PluginConfig config, PluginContext context)
      throws RatifyException {
    CredentialConfigs.rejectUnknown(config, Set.of("configPath"));
    Optional<String> path = config.string("configPath");
    return new DockerConfigCredentials(path.map(p -> context.baseDirectory().resolve(Path.of(p))))
        .toSpi();
  }
}
