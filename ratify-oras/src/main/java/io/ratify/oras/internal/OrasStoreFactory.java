package io.ratify.oras.internal;

import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.oras.RegistryStore;
import io.ratify.oras.internal.auth.CredentialFactories;
import io.ratify.oras.internal.registry.RegistrySettings;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.RegistryCredentialProviderFactory;
import io.ratify.spi.StoreFactory;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates the {@code oras} store (alias {@code registry-store}) from Ratify's store parameters:
 *
 * <ul>
 *   <li>{@code useHttp} (bool, default false): plain HTTP instead of HTTPS;
 *   <li>{@code authProvider} (map, Ratify v1) or {@code credential} (map, Ratify v2, selected by
 *       {@code provider} instead of {@code name}): {@code {name: dockerConfig, configPath: <file>}}
 *       (the default, with the usual config locations), {@code {name: static, registry:
 *       <host[:port]>, username, password}} (or {@code identityToken} instead of user and
 *       password), {@code {name: anonymous}}, or any name a {@link
 *       RegistryCredentialProviderFactory} on the class path claims ({@code azureWorkloadIdentity},
 *       {@code azureManagedIdentity}, {@code azure} with {@code ratify-keyvault});
 *   <li>{@code cacheEnabled} (bool, default true) and {@code ttl} (seconds or a duration, default
 *       10 s, 0 keeps no tags or referrer lists);
 *   <li>{@code maxManifestBytes} (default 4 MiB), {@code maxBlobBytes} (default 32 MiB);
 *   <li>{@code timeouts} (map: {@code connect}, default 10 s; {@code read}, per request, default 30
 *       s);
 *   <li>{@code maxRetries} (0 to 10, default 3);
 *   <li>{@code caPem} (PEM text): trust exactly these CA certificates for TLS instead of the JVM
 *       trust store (Ratify v2's {@code caPem}/{@code caBase64});
 *   <li>{@code userAgent} (printable ASCII, at most 256 characters): the {@code User-Agent} of
 *       every request, token requests included (default the JDK client's).
 * </ul>
 *
 * Ratify's {@code localCachePath} is accepted and ignored; {@code cosignEnabled: true} is refused
 * (not supported). Any other parameter is a configuration error, so typos do not pass silently.
 */
public final class OrasStoreFactory implements StoreFactory {
  private static final Set<String> KNOWN =
      Set.of(
          "name",
          "useHttp",
          "authProvider",
          "credential",
          "cacheEnabled",
          "ttl",
          "maxManifestBytes",
          "maxBlobBytes",
          "timeouts",
          "maxRetries",
          "cosignEnabled",
          "localCachePath",
          "caPem",
          "userAgent");
  private static final long MAX_BYTES = 1L << 30;

  @Override
  public String type() {
    return "oras";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("registry-store");
  }

  @Override
  public Store create(PluginConfig config, PluginContext context) throws RatifyException {
    config.requireKnownParameters(KNOWN);
    if (config.bool("cosignEnabled").orElse(false)) {
      throw config.invalid(
          "cosignEnabled",
          "cosign signatures are not supported by this store; remove the field or set it to false");
    }
    RegistryStore.Builder b = RegistryStore.builder().name(config.name());
    b.plainHttp(config.bool("useHttp").orElse(false));
    b.cacheEnabled(config.bool("cacheEnabled").orElse(true));
    config.duration("ttl", ChronoUnit.SECONDS).ifPresent(b::cacheTtl);
    config.integer("maxManifestBytes", 1, MAX_BYTES).ifPresent(b::maxManifestBytes);
    config.integer("maxBlobBytes", 1, MAX_BYTES).ifPresent(b::maxBlobBytes);
    config.integer("maxRetries", 0, 10).ifPresent(n -> b.maxRetries(n.intValue()));
    Optional<String> caPem = config.string("caPem");
    if (caPem.isPresent()) {
      try {
        b.trustStore(RegistrySettings.trustAnchors(caPem.get()));
      } catch (RatifyException e) {
        throw config.invalid("caPem", e.detail());
      }
    }
    Optional<String> userAgent = config.string("userAgent");
    if (userAgent.isPresent()) {
      Optional<String> why = RegistrySettings.userAgentProblem(userAgent.get());
      if (why.isPresent()) {
        throw config.invalid("userAgent", why.get());
      }
      b.userAgent(userAgent.get());
    }
    Optional<Map<String, Object>> timeouts = config.map("timeouts");
    if (timeouts.isPresent()) {
      PluginConfig t = nested(config, "timeouts", timeouts.get());
      rejectUnknown(t, Set.of("connect", "read"), "timeouts.");
      positive(t, "connect").ifPresent(b::connectTimeout);
      positive(t, "read").ifPresent(b::readTimeout);
    }
    credentials(config, context, b);
    return b.build();
  }

  /**
   * Chooses the credential provider: Ratify v1's {@code authProvider: {name: …}} or v2's {@code
   * credential: {provider: …}}, by name among the {@link RegistryCredentialProviderFactory}s on the
   * class path; the docker config when neither is given.
   */
  private static void credentials(
      PluginConfig config, PluginContext context, RegistryStore.Builder b) throws RatifyException {
    Optional<Map<String, Object>> v1 = config.map("authProvider");
    Optional<Map<String, Object>> v2 = config.map("credential");
    if (v1.isPresent() && v2.isPresent()) {
      throw config.invalid(
          "credential", "give authProvider (Ratify v1) or credential (Ratify v2), not both");
    }
    if (v1.isEmpty() && v2.isEmpty()) {
      b.dockerConfig();
      return;
    }
    String field = v1.isPresent() ? "authProvider" : "credential";
    String selector = v1.isPresent() ? "name" : "provider";
    PluginConfig a = nested(config, field, v1.isPresent() ? v1.get() : v2.get());
    String name =
        v1.isPresent() ? a.string("name").orElse("dockerConfig") : a.requiredString("provider");
    CredentialFactories factories = CredentialFactories.load();
    Optional<RegistryCredentialProviderFactory> factory = factories.find(name);
    if (factory.isEmpty()) {
      throw config.invalid(
          field + "." + selector,
          "unknown credential provider '"
              + (name.length() > 64 ? name.substring(0, 64) + "…" : name)
                  .replaceAll("[^\\x20-\\x7e…]", "?")
              + "'; available: "
              + factories.names()
              + (name.startsWith("azure")
                  ? " (the Azure providers are in ratify-keyvault: add it to the class path)"
                  : ""));
    }
    if (name.equals("anonymous")) {
      factory.get().create(a, context);
      return;
    }
    b.credentialProvider(factory.get().create(a, context));
  }

  private static Optional<Duration> positive(PluginConfig t, String field) throws RatifyException {
    Optional<Duration> d = t.duration(field, ChronoUnit.SECONDS);
    if (d.isPresent() && (d.get().isZero() || d.get().compareTo(Duration.ofHours(1)) > 0)) {
      throw t.invalid(field, "must be more than 0 and at most 1 hour");
    }
    return d;
  }

  /** A view of a nested map whose error messages name the enclosing field. */
  static PluginConfig nested(PluginConfig parent, String field, Map<String, Object> map) {
    return new PluginConfig(
        parent.kind(),
        parent.name(),
        parent.type(),
        map,
        parent.origin() + " (in parameters." + field + ")");
  }

  static void rejectUnknown(PluginConfig config, Set<String> known, String prefix)
      throws RatifyException {
    for (String key : config.parameters().keySet()) {
      if (!known.contains(key)) {
        throw config.invalid(
            key,
            "unknown parameter; known: "
                + new TreeSet<>(known)
                    .toString()
                    .replace(", ", ", " + prefix)
                    .replace("[", "[" + prefix));
      }
    }
  }
}
