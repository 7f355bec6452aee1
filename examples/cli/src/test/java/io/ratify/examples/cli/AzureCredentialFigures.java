package io.ratify.examples.cli;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.keyvault.internal.AcrCredentialProvider;
import io.ratify.keyvault.internal.AzureIdentity;
import io.ratify.keyvault.internal.RegistryEndpoints;
import io.ratify.keyvault.testing.FakeAzure;
import io.ratify.oras.RegistryStore;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.spi.RegistryCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The figures of the ACR credential note, measured (not asserted): a driver run on demand, never in
 * the build. It prints exchanges per 1,000 verifications of one registry, and the latency of a
 * first and of a warm registry verification (resolve, referrers, signature manifest, envelope blob;
 * caches off so every verification makes its requests) with Azure workload identity, as ratios to
 * the same verification with a static credential (a pre-obtained ACR refresh token, so only the
 * Entra token and the exchange differ). Run:
 *
 * <pre>
 * mvn -B -pl examples/cli -am test -Dtest=AzureCredentialFigures -Dratify.figures=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "ratify.figures", matches = "true")
class AzureCredentialFigures {
  private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
  private static final int FIRST_ROUNDS = 30;
  private static final int WARM_ROUNDS = 1_000;

  @Test
  void measure() throws Exception {
    Path dir = Files.createTempDirectory("acr-figures");
    try (LocalRegistry registry = LocalRegistry.start();
        FakeAzure acr = FakeAzure.start()) {
      TestArtifacts.pushSignedImage(
          new RegistryPusher(registry, Optional.empty()), "demo/app", "v1");
      acr.backend(registry.baseUri());
      Path tokenFile = Files.writeString(dir.resolve("sa"), "sa-token");
      acr.expectAssertion(CLIENT, "sa-token");
      Map<String, String> env =
          Map.of(
              "AZURE_FEDERATED_TOKEN_FILE",
              tokenFile.toString(),
              "AZURE_AUTHORITY_HOST",
              acr.url(),
              "AZURE_CLIENT_ID",
              CLIENT,
              "AZURE_TENANT_ID",
              FakeAzure.TENANT);
      AzureIdentity id =
          new AzureIdentity(
              AzureIdentity.Kind.WORKLOAD_IDENTITY,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              true);
      // the static credential: one refresh token obtained ahead of time
      AcrCredentialProvider once = provider(acr, id, env);
      String refresh =
          once.credential(acr.host(), Deadline.after(Duration.ofSeconds(20)))
              .map(RegistryCredential::secret)
              .orElseThrow();
      once.close();

      // warm-up of the JIT for both paths
      for (int i = 0; i < 5; i++) {
        flow(staticStore(acr, refresh), acr.host());
        AcrCredentialProvider p = provider(acr, id, env);
        flow(azureStore(acr, p), acr.host());
        p.close();
      }

      long[] firstStatic = new long[FIRST_ROUNDS];
      long[] firstAzure = new long[FIRST_ROUNDS];
      for (int i = 0; i < FIRST_ROUNDS; i++) {
        Store s = staticStore(acr, refresh);
        long t0 = System.nanoTime();
        flow(s, acr.host());
        firstStatic[i] = System.nanoTime() - t0;
        AcrCredentialProvider p = provider(acr, id, env);
        Store a = azureStore(acr, p);
        long t1 = System.nanoTime();
        flow(a, acr.host());
        firstAzure[i] = System.nanoTime() - t1;
        p.close();
      }

      Store s = staticStore(acr, refresh);
      AcrCredentialProvider p = provider(acr, id, env);
      Store a = azureStore(acr, p);
      flow(s, acr.host());
      flow(a, acr.host());
      int exchangesBefore = acr.exchanges();
      long[] warmStatic = new long[WARM_ROUNDS];
      long[] warmAzure = new long[WARM_ROUNDS];
      for (int i = 0; i < WARM_ROUNDS; i++) {
        long t0 = System.nanoTime();
        flow(s, acr.host());
        warmStatic[i] = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        flow(a, acr.host());
        warmAzure[i] = System.nanoTime() - t1;
      }
      int exchanges = acr.exchanges() - exchangesBefore + 1;
      p.close();

      System.out.printf(
          "[figures] exchanges for %d verifications of one registry (first included): %d%n",
          WARM_ROUNDS + 1, exchanges);
      System.out.printf(
          "[figures] first verification: static %.2f ms, azure %.2f ms (median of %d), ratio %.2f%n",
          median(firstStatic) / 1e6,
          median(firstAzure) / 1e6,
          FIRST_ROUNDS,
          median(firstAzure) / median(firstStatic));
      System.out.printf(
          "[figures] warm verification: static %.3f ms, azure %.3f ms (median of %d), ratio %.3f%n",
          median(warmStatic) / 1e6,
          median(warmAzure) / 1e6,
          WARM_ROUNDS,
          median(warmAzure) / median(warmStatic));
    }
  }

  private static AcrCredentialProvider provider(
      FakeAzure acr, AzureIdentity id, Map<String, String> env) throws Exception {
    return new AcrCredentialProvider(
        "figures",
        id,
        id.credential(env::get, acr.azureHttpClient()),
        new RegistryEndpoints(List.of(acr.host())),
        env::get,
        acr.exchangeHttpClient(),
        Duration.ofSeconds(10));
  }

  private static Store staticStore(FakeAzure acr, String refresh) throws Exception {
    return RegistryStore.builder()
        .trustStore(acr.trustStore())
        .cacheEnabled(false)
        .credentials(acr.host(), RegistryCredential.IDENTITY_TOKEN_USER, refresh)
        .build();
  }

  private static Store azureStore(FakeAzure acr, AcrCredentialProvider p) throws Exception {
    return RegistryStore.builder()
        .trustStore(acr.trustStore())
        .cacheEnabled(false)
        .credentialProvider(p)
        .build();
  }

  private static void flow(Store s, String host) throws Exception {
    Deadline d = Deadline.after(Duration.ofSeconds(20));
    Reference ref = Reference.parse(host + "/demo/app:v1");
    Descriptor subject = s.resolve(ref, d);
    List<Descriptor> sigs =
        s.listReferrers(
                ref.pinned(subject.digest()),
                Set.of(MediaTypes.NOTARY_SIGNATURE),
                Optional.empty(),
                d)
            .referrers();
    Manifest m = s.fetchManifest(ref, sigs.get(0), d);
    s.fetchBlob(ref, m.layers().get(0), d);
  }

  private static double median(long[] v) {
    long[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
