package io.ratify.spi;

import io.ratify.api.RatifyException;
import java.util.Set;

/**
 * Creates plugins of one type from configuration. Factories are discovered with {@link
 * java.util.ServiceLoader} through one of the four sub-interfaces; each type (and alias) may be
 * claimed by one factory only.
 *
 * @param <T> the plugin interface
 */
public interface PluginFactory<T> {
  /**
   * The version of this SPI. A factory built against another major version is refused at load time.
   */
  int SPI_VERSION = 1;

  /**
   * The type name configuration uses to select this factory, lower case.
   *
   * @return the type name configuration uses to select this factory, lower case
   */
  String type();

  /**
   * Other accepted type names (for example {@code registry-store} for {@code oras}).
   *
   * @return other accepted type names (for example {@code registry-store} for {@code oras})
   */
  default Set<String> aliases() {
    return Set.of();
  }

  /**
   * The SPI version this factory was built against.
   *
   * @return the SPI version this factory was built against
   */
  default int spiVersion() {
    return SPI_VERSION;
  }

  /**
   * Creates a plugin. Validates the whole configuration first and fails with {@link
   * io.ratify.api.ErrorCode#CONFIG_INVALID} naming the field, so no half-configured plugin exists.
   *
   * @param config the config
   * @param context the context
   * @return the plugin, fully configured
   * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} naming the field, or
   *     another code when the plugin cannot start
   */
  T create(PluginConfig config, PluginContext context) throws RatifyException;
}
