package io.ratify.spi;

import io.ratify.api.Store;

/**
 * Creates {@link Store} instances; register implementations in {@code
 * META-INF/services/io.ratify.spi.StoreFactory}.
 */
public interface StoreFactory extends PluginFactory<Store> {}
