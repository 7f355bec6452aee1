package io.ratify.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.KeyMaterial;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.api.ValidationResult;
import io.ratify.api.Verifier;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.internal.kmp.InlineKeyManagementProviderFactory;
import io.ratify.core.internal.policy.ConfigPolicyFactory;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.core.testing.InMemoryStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PluginKind;
import io.ratify.spi.StoreFactory;
import io.ratify.spi.VerifierFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ExecutorFactoryTest {
  /**
   * Stands in for the notation verifier: checks it can reach the configured trust material by name.
   */
  static final class TrustCheckingFactory implements VerifierFactory {
    final AtomicReference<KeyMaterial> seen = new AtomicReference<>();

    @Override
    public String type() {
      return "notation";
    }

    @Override
    public Verifier create(PluginConfig config, PluginContext context) throws RatifyException {
      Map<String, Object> stores = config.map("verificationCertStores").orElseThrow();
      String kmp = ((List<?>) stores.get("certs")).get(0).toString();
      seen.set(
          context
              .keyManagementProvider(kmp)
              .orElseThrow()
              .fetch(io.ratify.api.Deadline.after(java.time.Duration.ofSeconds(1))));
      return FakeVerifier.passing(
          config.name(), config.stringList("artifactTypes").toArray(String[]::new));
    }
  }

  static final class MemoryStoreFactory implements StoreFactory {
    final AtomicBoolean closed = new AtomicBoolean();
    final InMemoryStore.Builder content = InMemoryStore.builder();

    @Override
    public String type() {
      return "oras";
    }

    @Override
    public Store create(PluginConfig config, PluginContext context) {
      InMemoryStore inner = content.build();
      return new Store() {
        @Override
        public String name() {
          return config.name();
        }

        @Override
        public String type() {
          return "oras";
        }

        @Override
        public Descriptor resolve(io.ratify.api.Reference r, io.ratify.api.Deadline d)
            throws RatifyException {
          return inner.resolve(r, d);
        }

        @Override
        public io.ratify.api.ReferrerPage listReferrers(
            io.ratify.api.Reference s,
            java.util.Set<String> t,
            java.util.Optional<String> p,
            io.ratify.api.Deadline d)
            throws RatifyException {
          return inner.listReferrers(s, t, p, d);
        }

        @Override
        public io.ratify.api.Manifest fetchManifest(
            io.ratify.api.Reference r, Descriptor x, io.ratify.api.Deadline d)
            throws RatifyException {
          return inner.fetchManifest(r, x, d);
        }

        @Override
        public byte[] fetchBlob(io.ratify.api.Reference r, Descriptor x, io.ratify.api.Deadline d)
            throws RatifyException {
          return inner.fetchBlob(r, x, d);
        }

        @Override
        public void close() {
          closed.set(true);
        }
      };
    }
  }

  /** The plugins the seed configuration needs. */
  static PluginRegistry seedRegistry(VerifierFactory notation, StoreFactory oras)
      throws RatifyException {
    return PluginRegistry.builder()
        .add(PluginKind.KEY_MANAGEMENT_PROVIDER, new InlineKeyManagementProviderFactory())
        .add(PluginKind.POLICY, new ConfigPolicyFactory())
        .add(PluginKind.VERIFIER, notation)
        .add(PluginKind.STORE, oras)
        .build();
  }

  @Test
  void seedConfigurationBuildsAnExecutorWithKeyProvidersFirst() throws Exception {
    RatifyConfig config = ConfigLoader.load(SharedFolders.examples().resolve("verify-config.yaml"));
    TrustCheckingFactory notation = new TrustCheckingFactory();
    MemoryStoreFactory oras = new MemoryStoreFactory();
    Descriptor image = oras.content.image("registry.test/app:v1");
    oras.content.referrer(image, MediaTypes.NOTARY_SIGNATURE);
    try (Executor e = ExecutorFactory.of(seedRegistry(notation, oras)).create(config)) {
      assertEquals(
          "CN=Ratify Sample,O=Ratify",
          notation.seen.get().enabledCertificates().get(0).getSubjectX500Principal().getName());
      assertEquals(
          List.of("verifier-notary-inline"), e.verifiers().stream().map(Verifier::name).toList());
      assertEquals("config-policy", e.policy().type());
      ValidationResult r = e.validate("registry.test/app:v1");
      assertTrue(r.success(), r.reasons().toString());
    }
    assertTrue(oras.closed.get(), "closing the executor closes its store");
  }

  @Test
  void missingPluginsFailWithTheKnownTypesAndLeaveNothingOpen() throws Exception {
    RatifyConfig config = ConfigLoader.load(SharedFolders.examples().resolve("verify-config.yaml"));
    RatifyException e = assertThrows(RatifyException.class, () -> Executor.fromConfig(config));
    assertEquals(ErrorCode.PLUGIN_NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains("'oras'"), e.getMessage());

    MemoryStoreFactory oras = new MemoryStoreFactory();
    PluginRegistry noVerifier =
        PluginRegistry.builder()
            .add(PluginKind.KEY_MANAGEMENT_PROVIDER, new InlineKeyManagementProviderFactory())
            .add(PluginKind.STORE, oras)
            .build();
    RatifyException v =
        assertThrows(RatifyException.class, () -> ExecutorFactory.of(noVerifier).create(config));
    assertEquals(ErrorCode.PLUGIN_NOT_FOUND, v.code());
    assertTrue(oras.closed.get(), "the store created before the failure is closed");
  }

  @Test
  void storeOverrideReplacesTheConfiguredStore() throws Exception {
    RatifyConfig config =
        RatifyConfig.builder()
            .store("a", "oras", Map.of())
            .store("b", "oras", Map.of())
            .verifier(
                "n",
                "notation",
                Map.of(
                    "artifactTypes",
                    MediaTypes.NOTARY_SIGNATURE,
                    "verificationCertStores",
                    Map.of("certs", List.of("k"))))
            .keyManagementProvider("k", "inline", Map.of("value", InlineCerts.RATIFY_SAMPLE))
            .build();
    PluginRegistry registry =
        PluginRegistry.builder()
            .add(PluginKind.KEY_MANAGEMENT_PROVIDER, new InlineKeyManagementProviderFactory())
            .add(PluginKind.VERIFIER, new TrustCheckingFactory())
            .build();
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        assertThrows(RatifyException.class, () -> ExecutorFactory.of(registry).create(config))
            .code());
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image("registry.test/app:v1"), MediaTypes.NOTARY_SIGNATURE);
    try (Executor e = ExecutorFactory.of(registry).create(config, sb.build())) {
      assertEquals("memory", e.store().name());
      assertTrue(e.validate("registry.test/app:v1").success());
    }
  }

  @Test
  void theConfiguredLimitsAreTheExecutors() throws Exception {
    RatifyConfig seed = ConfigLoader.load(SharedFolders.examples().resolve("verify-config.yaml"));
    RatifyConfig.Builder b = seed.toBuilder().timeout(java.time.Duration.ofSeconds(7));
    RatifyConfig config = b.concurrency(2).maxDepth(1).maxReferrers(9).maxPages(3).build();
    PluginRegistry registry = seedRegistry(new TrustCheckingFactory(), new MemoryStoreFactory());
    try (Executor e = ExecutorFactory.of(registry).create(config)) {
      assertEquals(config.limits(), e.limits());
      assertEquals(9, e.limits().maxReferrers());
      assertEquals(java.time.Duration.ofSeconds(7), e.timeout());
    }
  }

  @Test
  void aFactoryThatThrowsUncheckedIsAPluginInitFailure() throws Exception {
    VerifierFactory broken =
        new VerifierFactory() {
          @Override
          public String type() {
            return "broken";
          }

          @Override
          public Verifier create(PluginConfig config, PluginContext context) {
            throw new IllegalStateException("bug");
          }
        };
    RatifyConfig config = RatifyConfig.builder().verifier("v", "broken", Map.of()).build();
    PluginRegistry registry = PluginRegistry.builder().add(PluginKind.VERIFIER, broken).build();
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> ExecutorFactory.of(registry).create(config, InMemoryStore.builder().build()));
    assertEquals(ErrorCode.PLUGIN_INIT_FAILURE, e.code());
    assertTrue(e.getMessage().contains("Verifier v"), e.getMessage());
  }

  @Test
  void aFactoryMissingAClassIsAPluginInitFailureAndTheStoreIsClosed() throws Exception {
    // what a plugin jar without its dependencies does: the JVM throws NoClassDefFoundError from
    // create()
    VerifierFactory unlinked =
        new VerifierFactory() {
          @Override
          public String type() {
            return "unlinked";
          }

          @Override
          public Verifier create(PluginConfig config, PluginContext context) {
            throw new NoClassDefFoundError("org/bouncycastle/cms/CMSSignedData");
          }
        };
    MemoryStoreFactory oras = new MemoryStoreFactory();
    RatifyConfig config =
        RatifyConfig.builder()
            .store("s", "oras", Map.of())
            .verifier("v", "unlinked", Map.of())
            .build();
    PluginRegistry registry =
        PluginRegistry.builder()
            .add(PluginKind.VERIFIER, unlinked)
            .add(PluginKind.STORE, oras)
            .build();
    RatifyException e =
        assertThrows(RatifyException.class, () -> ExecutorFactory.of(registry).create(config));
    assertEquals(ErrorCode.PLUGIN_INIT_FAILURE, e.code());
    assertTrue(
        e.getMessage().contains("Verifier v") && e.getMessage().contains("CMSSignedData"),
        e.getMessage());
    assertTrue(oras.closed.get(), "the store created before the failure is closed");
  }
}
