package io.ratify.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
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
import io.ratify.oras.testing.TestArtifacts.SignedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an Azure credential may go, with the real registry store, the real ACR credential provider
 * and azure-identity, two ACR doubles ({@code acr} is configured in {@code endpoints}, {@code
 * other} is not) and a real {@code docker-registry} behind them: a redirect, a token realm on
 * another host and a second registry in the same store never receive an Azure token.
 */
class AzureRegistryScopingTest {
  private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
  static LocalRegistry registry;
  static SignedImage image;

  @TempDir Path dir;
  FakeAzure acr;
  FakeAzure other;
  final List<AcrCredentialProvider> providers = new ArrayList<>();

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = LocalRegistry.start();
    image =
        TestArtifacts.pushSignedImage(
            new RegistryPusher(registry, Optional.empty()), "demo/app", "v1");
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void start() {
    acr = FakeAzure.start();
    other = FakeAzure.start();
    acr.backend(registry.baseUri());
    other.backend(registry.baseUri());
  }

  @AfterEach
  void stop() {
    providers.forEach(AcrCredentialProvider::close);
    acr.close();
    other.close();
  }

  private Store store() throws Exception {
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
    AcrCredentialProvider p =
        new AcrCredentialProvider(
            "scoping",
            id,
            id.credential(env::get, acr.azureHttpClient()),
            new RegistryEndpoints(List.of(acr.host())),
            env::get,
            acr.exchangeHttpClient(),
            Duration.ofSeconds(10));
    providers.add(p);
    KeyStore trust = acr.trustStore();
    trust.setCertificateEntry("other", other.trustStore().getCertificate("fake-azure"));
    return RegistryStore.builder().trustStore(trust).credentialProvider(p).build();
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  private static byte[] flow(Store s, String host) throws Exception {
    Reference ref = Reference.parse(host + "/demo/app:v1");
    Descriptor subject = s.resolve(ref, deadline());
    List<Descriptor> sigs =
        s.listReferrers(
                ref.pinned(subject.digest()),
                Set.of(MediaTypes.NOTARY_SIGNATURE),
                Optional.empty(),
                deadline())
            .referrers();
    Manifest m = s.fetchManifest(ref, sigs.get(0), deadline());
    return s.fetchBlob(ref, m.layers().get(0), deadline());
  }

  private void assertOtherGotNothing() {
    assertEquals(0, other.entraCalls());
    assertEquals(0, other.exchanges(), "no exchange at the other host");
    assertEquals(0, other.tokenCalls(), "no refresh token at the other host");
    for (String a : other.registryAuthorizations()) {
      assertFalse(a.startsWith("Bearer"), "the other host received " + a.split(" ")[0]);
    }
  }

  @Test
  void theConfiguredRegistryWorksWithOneExchange() throws Exception {
    Store s = store();
    assertArrayEquals(image.envelope().bytes(), flow(s, acr.host()));
    assertArrayEquals(image.envelope().bytes(), flow(s, acr.host()));
    assertEquals(1, acr.exchanges());
    assertEquals(List.of(), acr.problems());
  }

  @Test
  void tokenRealmOnAnotherHostGetsNoCredential() throws Exception {
    acr.realm(other.url() + "/oauth2/token");
    Store s = store();
    RatifyException e = assertThrows(RatifyException.class, () -> flow(s, acr.host()));
    assertEquals(ErrorCode.AUTH_DENIED, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(other.host()), e.getMessage());
    assertOtherGotNothing();
  }

  @Test
  void redirectTargetGetsNoCredential() throws Exception {
    acr.redirectBlobsTo(other.url());
    Store s = store();
    assertThrows(RatifyException.class, () -> flow(s, acr.host()));
    assertTrue(other.registryAuthorizations().size() >= 1, "the redirect was followed");
    assertOtherGotNothing();
  }

  @Test
  void secondRegistryInTheSameStoreGetsNoAzureCredential() throws Exception {
    Store s = store();
    assertArrayEquals(image.envelope().bytes(), flow(s, acr.host()));
    RatifyException e = assertThrows(RatifyException.class, () -> flow(s, other.host()));
    assertEquals(ErrorCode.AUTH_DENIED, e.code(), e.getMessage());
    assertOtherGotNothing();
    for (String token : acr.issuedTokens()) {
      for (String a : other.registryAuthorizations()) {
        assertFalse(a.contains(token));
      }
    }
  }
}
