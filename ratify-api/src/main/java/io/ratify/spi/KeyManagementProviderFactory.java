package io.ratify.spi;

import io.ratify.api.KeyManagementProvider;

/**
 * Creates {@link KeyManagementProvider} instances; register implementations in {@code
 * META-INF/services/io.ratify.spi.KeyManagementProviderFactory}.
 */
public interface KeyManagementProviderFactory extends PluginFactory<KeyManagementProvider> {}
