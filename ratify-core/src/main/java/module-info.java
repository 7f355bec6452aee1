/**
 * Ratify for Java's executor, policies, configuration loading, plugin discovery and report
 * rendering.
 *
 * <p>Exports only the public packages; everything under {@code io.ratify.core.internal} stays
 * inside the module. Plugins are discovered with {@link java.util.ServiceLoader} through the four
 * factory interfaces of {@code io.ratify.spi} (on the class path and on the module path); the
 * built-in inline key provider and the two policies are provided here.
 */
module io.ratify.core {
  requires transitive io.ratify.api;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires org.yaml.snakeyaml;
  requires static com.google.errorprone.annotations;

  exports io.ratify.core;
  exports io.ratify.core.config;
  exports io.ratify.core.plugins;
  exports io.ratify.core.report;
  exports io.ratify.core.testing;

  uses io.ratify.spi.StoreFactory;
  uses io.ratify.spi.VerifierFactory;
  uses io.ratify.spi.KeyManagementProviderFactory;
  uses io.ratify.spi.PolicyEnforcerFactory;

  provides io.ratify.spi.KeyManagementProviderFactory with
      io.ratify.core.internal.kmp.InlineKeyManagementProviderFactory;
  provides io.ratify.spi.PolicyEnforcerFactory with
      io.ratify.core.internal.policy.ConfigPolicyFactory,
      io.ratify.core.internal.policy.ThresholdPolicyFactory;
}
