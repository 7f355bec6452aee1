package io.ratify.core.internal.kmp;

import io.ratify.api.KeyManagementProvider;
import io.ratify.api.RatifyException;
import io.ratify.spi.KeyManagementProviderFactory;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;

/** Creates {@code inline} key management providers; see {@link InlineKeyManagementProvider}. */
public final class InlineKeyManagementProviderFactory implements KeyManagementProviderFactory {
  @Override
  public String type() {
    return InlineKeyManagementProvider.TYPE;
  }

  @Override
  public KeyManagementProvider create(PluginConfig config, PluginContext context)
      throws RatifyException {
    return InlineKeyManagementProvider.create(config, context.clock());
  }
}
