package io.ratify.spi;

import io.ratify.api.KeyManagementProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * What a factory may use while creating a plugin: the key management providers declared in the same
 * configuration (so a verifier can fill trust stores from them), a clock, and the directory
 * relative paths resolve against.
 */
public interface PluginContext {
  /**
   * The key management provider with this name, if one is configured.
   *
   * @param name the name
   * @return the key management provider with this name, if one is configured
   */
  Optional<KeyManagementProvider> keyManagementProvider(String name);

  /**
   * The names of all configured key management providers.
   *
   * @return the names of all configured key management providers
   */
  Set<String> keyManagementProviderNames();

  /**
   * The clock verifiers use for time-dependent checks (tests pin it).
   *
   * @return the clock verifiers use for time-dependent checks (tests pin it)
   */
  Clock clock();

  /**
   * The directory that relative file paths in the configuration resolve against.
   *
   * @return the directory that relative file paths in the configuration resolve against
   */
  Path baseDirectory();
}
