package io.ratify.examples.cli;

import io.ratify.api.Verifier;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.VerifierFactory;

/**
 * A broken plugin: its factory throws an {@link Error}. Registered only by {@link RatifyCliTest},
 * never by a file.
 */
public final class ErrorThrowingVerifierFactory implements VerifierFactory {
  static final String TYPE = "throws-error";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Verifier create(PluginConfig config, PluginContext context) {
    throw new AssertionError("plugin bug");
  }
}
