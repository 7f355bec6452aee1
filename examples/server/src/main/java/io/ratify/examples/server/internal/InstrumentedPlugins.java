package io.ratify.examples.server.internal;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Manifest;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifyRequest;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.spi.KeyManagementProviderFactory;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PluginKind;
import io.ratify.spi.PolicyEnforcerFactory;
import io.ratify.spi.StoreFactory;
import io.ratify.spi.VerifierFactory;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin registry whose stores count their registry operations and whose verifiers time their
 * calls, so the server's metrics see every plugin without the plugins knowing about metrics.
 */
public final class InstrumentedPlugins {
  private InstrumentedPlugins() {}

  /** Wraps every store and verifier factory of {@code plugins}. */
  public static PluginRegistry wrap(PluginRegistry plugins, Metrics metrics)
      throws RatifyException {
    PluginRegistry.Builder b = PluginRegistry.builder();
    for (String type : plugins.types(PluginKind.STORE)) {
      StoreFactory f = plugins.store(type);
      b.add(
          PluginKind.STORE,
          new StoreFactory() {
            @Override
            public String type() {
              return f.type();
            }

            @Override
            public Set<String> aliases() {
              return f.aliases();
            }

            @Override
            public Store create(PluginConfig config, PluginContext context) throws RatifyException {
              Store s = f.create(config, context);
              return s == null ? null : new CountingStore(s, metrics);
            }
          });
    }
    for (String type : plugins.types(PluginKind.VERIFIER)) {
      VerifierFactory f = plugins.verifier(type);
      b.add(
          PluginKind.VERIFIER,
          new VerifierFactory() {
            @Override
            public String type() {
              return f.type();
            }

            @Override
            public Set<String> aliases() {
              return f.aliases();
            }

            @Override
            public Verifier create(PluginConfig config, PluginContext context)
                throws RatifyException {
              Verifier v = f.create(config, context);
              return v == null ? null : new TimedVerifier(v, metrics);
            }
          });
    }
    for (String type : plugins.types(PluginKind.KEY_MANAGEMENT_PROVIDER)) {
      KeyManagementProviderFactory f = plugins.keyManagementProvider(type);
      b.add(PluginKind.KEY_MANAGEMENT_PROVIDER, f);
    }
    for (String type : plugins.types(PluginKind.POLICY)) {
      PolicyEnforcerFactory f = plugins.policy(type);
      b.add(PluginKind.POLICY, f);
    }
    return b.build();
  }

  private static final class CountingStore implements Store {
    private final Store delegate;
    private final Metrics metrics;

    CountingStore(Store delegate, Metrics metrics) {
      this.delegate = delegate;
      this.metrics = metrics;
    }

    private interface Call<T> {
      T run() throws RatifyException;
    }

    private <T> T count(String operation, Call<T> call) throws RatifyException {
      String result = "error";
      try {
        T t = call.run();
        result = "success";
        return t;
      } finally {
        metrics.registryRequests.labelValues(operation, result).inc();
      }
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public String type() {
      return delegate.type();
    }

    @Override
    public Descriptor resolve(Reference reference, Deadline deadline) throws RatifyException {
      return count("resolve", () -> delegate.resolve(reference, deadline));
    }

    @Override
    public ReferrerPage listReferrers(
        Reference subject, Set<String> artifactTypes, Optional<String> pageToken, Deadline deadline)
        throws RatifyException {
      return count(
          "list_referrers",
          () -> delegate.listReferrers(subject, artifactTypes, pageToken, deadline));
    }

    @Override
    public Manifest fetchManifest(Reference repository, Descriptor descriptor, Deadline deadline)
        throws RatifyException {
      return count(
          "fetch_manifest", () -> delegate.fetchManifest(repository, descriptor, deadline));
    }

    @Override
    public byte[] fetchBlob(Reference repository, Descriptor descriptor, Deadline deadline)
        throws RatifyException {
      return count("fetch_blob", () -> delegate.fetchBlob(repository, descriptor, deadline));
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static final class TimedVerifier implements Verifier {
    private final Verifier delegate;
    private final Metrics metrics;

    TimedVerifier(Verifier delegate, Metrics metrics) {
      this.delegate = delegate;
      this.metrics = metrics;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public String type() {
      return delegate.type();
    }

    @Override
    public boolean verifiable(Descriptor artifact) {
      return delegate.verifiable(artifact);
    }

    @Override
    public VerificationResult verify(VerifyRequest request) throws RatifyException {
      long start = System.nanoTime();
      String result = "error";
      try {
        VerificationResult r = delegate.verify(request);
        result = r != null && r.success() ? "success" : "failure";
        return r;
      } finally {
        metrics
            .verifierDuration
            .labelValues(String.valueOf(delegate.name()), result)
            .observe((System.nanoTime() - start) / 1e6);
      }
    }
  }
}
