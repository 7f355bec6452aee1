package io.ratify.oras.internal.auth;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.RegistryCredential;
import io.ratify.spi.RegistryCredentialProvider;
import io.ratify.spi.RegistryCredentialProviderFactory;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A third-party registry credential provider as a plugin author would write it, registered through
 * {@code META-INF/services/io.ratify.spi.RegistryCredentialProviderFactory} in the test class path:
 * it answers for one registry with a user name and a password read from a "vault" (here: the
 * configuration), and declines every other host.
 */
public final class ThirdPartyCredentialProviderFactory
    implements RegistryCredentialProviderFactory {
  /** Lookups answered, across instances (tests). */
  public static final AtomicInteger ANSWERED = new AtomicInteger();

  @Override
  public Set<String> names() {
    return Set.of("exampleVault");
  }

  @Override
  public RegistryCredentialProvider create(PluginConfig config, PluginContext context)
      throws RatifyException {
    String registry = config.requiredString("registry");
    String user = config.requiredString("user");
    String password = config.requiredString("passwordRef");
    return (host, deadline) -> {
      if (!host.equals(registry)) {
        return Optional.empty();
      }
      ANSWERED.incrementAndGet();
      return Optional.of(RegistryCredential.basic(user, password));
    };
  }
}
