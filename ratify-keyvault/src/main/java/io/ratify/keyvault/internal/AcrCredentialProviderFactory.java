package io.ratify.keyvault.internal;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.RegistryCredentialProvider;
import io.ratify.spi.RegistryCredentialProviderFactory;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry store's Azure credential providers, for {@code authProvider: {name: …}} (Ratify v1)
 * or {@code credential: {provider: azure, …}} (Ratify v2):
 *
 * <ul>
 *   <li>{@code azureWorkloadIdentity} and v2's {@code azure}: Microsoft Entra workload identity;
 *   <li>{@code azureManagedIdentity}: an Azure managed identity ({@code clientID} for a
 *       user-assigned one).
 * </ul>
 *
 * Parameters: those of every Azure credential of this module ({@code clientID}, {@code tenantID},
 * {@code authorityHost}, {@code disableInstanceDiscovery}; see {@link AzureIdentity}), {@code
 * endpoints} (the registry hosts the credential may be used for; default {@code *.azurecr.io},
 * {@code *.azurecr.us}, {@code *.azurecr.cn}, {@code *.azurecr.de}), {@code exchangeTimeout} (the
 * longest one token exchange may take, default 30 s, at most 5 minutes), and v2's {@code
 * identityBinding} (only {@code false}: AKS identity bindings are not supported). Any other field
 * is a configuration error. See {@link AcrCredentialProvider} for the behaviour.
 */
public final class AcrCredentialProviderFactory implements RegistryCredentialProviderFactory {
  private static final Set<String> OWN = Set.of("endpoints", "exchangeTimeout", "identityBinding");
  private static final Duration DEFAULT_EXCHANGE_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public Set<String> names() {
    return Set.of("azureWorkloadIdentity", "azureManagedIdentity", "azure");
  }

  @Override
  public RegistryCredentialProvider create(PluginConfig config, PluginContext context)
      throws RatifyException {
    Set<String> known = new HashSet<>(AzureIdentity.PARAMETERS);
    known.addAll(OWN);
    known.addAll(Set.of("name", "provider"));
    for (String key : config.parameters().keySet()) {
      if (!known.contains(key)) {
        throw config.invalid(key, "unknown field; known: " + new TreeSet<>(known));
      }
    }
    String selected = config.string("name").or(() -> optional(config, "provider")).orElse("azure");
    AzureIdentity.Kind kind =
        selected.equals("azureManagedIdentity")
            ? AzureIdentity.Kind.MANAGED_IDENTITY
            : AzureIdentity.Kind.WORKLOAD_IDENTITY;
    if (config.bool("identityBinding").orElse(false)) {
      throw config.invalid(
          "identityBinding",
          "AKS identity bindings are not supported; use workload identity (remove the field)");
    }
    AzureIdentity identity = AzureIdentity.fromConfig(config, kind);
    RegistryEndpoints.Result endpoints =
        RegistryEndpoints.parse(config.list("endpoints").orElse(List.of()));
    if (endpoints.problem().isPresent()) {
      throw config.invalid("endpoints", endpoints.problem().get());
    }
    Duration timeout =
        config.duration("exchangeTimeout", ChronoUnit.SECONDS).orElse(DEFAULT_EXCHANGE_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw config.invalid("exchangeTimeout", "must be more than 0 and at most 5 minutes");
    }
    try {
      return new AcrCredentialProvider(
          config.name() + " (" + selected + ")",
          identity,
          identity.sharedCredential(),
          endpoints.endpoints().get(),
          System::getenv,
          AcrCredentialProvider.defaultHttpClient(),
          timeout);
    } catch (RatifyException e) {
      throw new RatifyException(
          ErrorCode.PLUGIN_INIT_FAILURE,
          config.origin() + ": " + e.detail(),
          e.remediation().orElse(null),
          null);
    }
  }

  private static Optional<String> optional(PluginConfig config, String field) {
    try {
      return config.string(field);
    } catch (RatifyException e) {
      return Optional.empty();
    }
  }
}
