package io.ratify.oras.internal;

import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.oras.RegistryStore;
import io.ratify.oras.internal.registry.RegistrySettings;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.StoreFactory;
import java.nio.file.Path;
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
 *   <li>{@code authProvider} (map): {@code {name: dockerConfig, configPath: <file>}} (the default,
 *       with the usual config location), {@code {name: static, registry: <host[:port]>, username,
 *       password}}, or {@code {name: anonymous}};
 *   <li>{@code cacheEnabled} (bool, default true) and {@code ttl} (seconds or a duration, default
 *       10 s, 0 keeps no tags or referrer lists);
 *   <li>{@code maxManifestBytes} (default 4 MiB), {@code maxBlobBytes} (default 32 MiB);
 *   <li>{@code timeouts} (map: {@code connect}, default 10 s; {@code read}, per request, default 30
 *       s);
 *   <li>{@code maxRetries} (0 to 10, default 3);
 *   <li>{@code caPem} (PEM text): trust exactly these CA certificates for TLS instead of the JVM
 *       trust store (Ratify v2's {@code caPem}/{@code caBase64}).
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
          "cacheEnabled",
          "ttl",
          "maxManifestBytes",
          "maxBlobBytes",
          "timeouts",
          "maxRetries",
          "cosignEnabled",
          "localCachePath",
          "caPem");
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
    Optional<Map<String, Object>> timeouts = config.map("timeouts");
    if (timeouts.isPresent()) {
      PluginConfig t = nested(config, "timeouts", timeouts.get());
      rejectUnknown(t, Set.of("connect", "read"), "timeouts.");
      positive(t, "connect").ifPresent(b::connectTimeout);
      positive(t, "read").ifPresent(b::readTimeout);
    }
    Optional<Map<String, Object>> auth = config.map("authProvider");
    if (auth.isEmpty()) {
      b.dockerConfig();
    } else {
      PluginConfig a = nested(config, "authProvider", auth.get());
      String name = a.string("name").orElse("dockerConfig");
      switch (name) {
        case "dockerConfig" -> {
          rejectUnknown(a, Set.of("name", "configPath"), "authProvider.");
          Optional<String> path = a.string("configPath");
          if (path.isPresent()) {
            b.dockerConfig(context.baseDirectory().resolve(Path.of(path.get())));
          } else {
            b.dockerConfig();
          }
        }
        case "static" -> {
          rejectUnknown(a, Set.of("name", "registry", "username", "password"), "authProvider.");
          b.credentials(
              a.requiredString("registry"),
              a.requiredString("username"),
              a.string("password").orElse(""));
        }
        case "anonymous" -> rejectUnknown(a, Set.of("name"), "authProvider.");
        default ->
            throw config.invalid(
                "authProvider.name",
                "expected dockerConfig, static or anonymous, got '" + name + "'");
      }
    }
    return b.build();
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
