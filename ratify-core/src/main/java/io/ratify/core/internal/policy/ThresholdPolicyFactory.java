package io.ratify.core.internal.policy;

import io.ratify.api.PolicyEnforcer;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PolicyEnforcerFactory;
import java.util.Set;

/**
 * Creates ratify-go's threshold policy, type {@code threshold-policy}; parameters {@code {policy:
 * <rule>}}.
 */
public final class ThresholdPolicyFactory implements PolicyEnforcerFactory {
  @Override
  public String type() {
    return ThresholdPolicyEnforcer.TYPE;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("thresholdpolicy");
  }

  @Override
  public PolicyEnforcer create(PluginConfig config, PluginContext context) throws RatifyException {
    return ThresholdPolicyEnforcer.from(config);
  }
}
