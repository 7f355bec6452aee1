package io.ratify.spi;

import io.ratify.api.Verifier;

/**
 * Creates {@link Verifier} instances; register implementations in {@code
 * META-INF/services/io.ratify.spi.VerifierFactory}.
 */
public interface VerifierFactory extends PluginFactory<Verifier> {}
