package io.ratify.notation;

import io.ratify.api.Deadline;
import io.ratify.api.KeyId;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.KeyMaterial;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link PluginContext} for tests: a pinned clock and in-memory key management providers. */
public final class TestContext implements PluginContext {
  private final Map<String, KeyManagementProvider> kmps = new LinkedHashMap<>();
  private final Clock clock;
  private final Path base;

  public TestContext(Instant now, Path base) {
    this.clock = Clock.fixed(now, ZoneOffset.UTC);
    this.base = base;
  }

  /** Adds a provider that returns {@code certs} (like Ratify's inline provider). */
  public TestContext withCertificates(String name, List<X509Certificate> certs) {
    kmps.put(name, new StaticProvider(name, certs, null));
    return this;
  }

  /** Adds a provider whose fetch fails with {@code failure}. */
  public TestContext withFailingProvider(String name, RatifyException failure) {
    kmps.put(name, new StaticProvider(name, List.of(), failure));
    return this;
  }

  @Override
  public Optional<KeyManagementProvider> keyManagementProvider(String name) {
    return Optional.ofNullable(kmps.get(name));
  }

  @Override
  public Set<String> keyManagementProviderNames() {
    return kmps.keySet();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Path baseDirectory() {
    return base;
  }

  /** Test double of a key management provider (the real ones live in other modules). */
  private record StaticProvider(String name, List<X509Certificate> certs, RatifyException failure)
      implements KeyManagementProvider {
    @Override
    public String type() {
      return "inline";
    }

    @Override
    public KeyMaterial fetch(Deadline deadline) throws RatifyException {
      if (failure != null) {
        throw failure;
      }
      return new KeyMaterial(Map.of(KeyId.single(), certs), Map.of(), Map.of(), Instant.EPOCH);
    }
  }
}
