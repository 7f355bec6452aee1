package io.ratify.core.internal.plugins;

import io.ratify.api.KeyManagementProvider;
import io.ratify.spi.PluginContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The context factories see: the key management providers created so far, a clock and the base
 * directory.
 */
public record DefaultPluginContext(
    Map<String, KeyManagementProvider> providers, Clock clock, Path baseDirectory)
    implements PluginContext {
  public DefaultPluginContext {
    providers = Map.copyOf(providers);
  }

  @Override
  public Optional<KeyManagementProvider> keyManagementProvider(String name) {
    return Optional.ofNullable(providers.get(name));
  }

  @Override
  public Set<String> keyManagementProviderNames() {
    return providers.keySet();
  }
}
