package io.ratify.spi;

import io.ratify.api.PolicyEnforcer;

/**
 * Creates {@link PolicyEnforcer} instances; register implementations in {@code
 * META-INF/services/io.ratify.spi.PolicyEnforcerFactory}.
 */
public interface PolicyEnforcerFactory extends PluginFactory<PolicyEnforcer> {}
