package io.ratify.spi;

/**
 * A plugin configuration written as a Java type, which the compiler checks: an immutable value
 * built by a validating builder. Each built-in plugin has one in its module's public package (for
 * example {@code io.ratify.notation.NotationVerifierConfig}); a configuration builder accepts it
 * where it accepts parameter maps.
 *
 * <p>There is one model: {@link #toPluginConfig()} gives exactly the {@link PluginConfig} that the
 * equivalent YAML document gives, so a plugin sees no difference between the two forms.
 */
public interface TypedPluginConfig {
  /**
   * Renders this configuration in the form every plugin factory reads.
   *
   * @return the plugin configuration, equal to the one the YAML form of this configuration gives
   */
  PluginConfig toPluginConfig();
}
