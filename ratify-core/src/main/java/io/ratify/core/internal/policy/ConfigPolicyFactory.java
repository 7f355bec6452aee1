package io.ratify.core.internal.policy;

import io.ratify.api.PolicyEnforcer;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PolicyEnforcerFactory;
import java.util.Set;

/**
 * Creates Ratify's config policy, type {@code config-policy} (also spelled {@code configPolicy},
 * {@code configpolicy}).
 */
public final class ConfigPolicyFactory implements PolicyEnforcerFactory {
  @Override
  public String type() {
    return ConfigPolicyEnforcer.TYPE;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("configpolicy");
  }

  @Override
  public PolicyEnforcer create(PluginConfig config, PluginContext context) throws RatifyException {
    return ConfigPolicyEnforcer.from(config);
  }
}
