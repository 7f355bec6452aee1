package io.ratify.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.examples.server.testing.SignedImages;
import io.ratify.keyvault.testing.FakeAzure;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's ACR setup end to end through {@code ratify verify} in a fresh JVM: the store's {@code
 * authProvider} is Azure workload identity (or managed identity); the real azure-identity client
 * gets a token from the Entra (or IMDS) double, the provider exchanges it at the ACR double's
 * {@code /oauth2/exchange}, and the store trades the refresh token at its {@code /oauth2/token} for
 * the bearer token the registry gate in front of a real {@code docker-registry} demands. The gate's
 * host is named in {@code endpoints}; the default scoping stays untouched.
 */
class AzureIdentityCliIT {
  private static final String REPO = "demo/app";
  private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
  private static final char[] STORE_PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;
  static LocalRegistry registry;
  static CertificateAuthority ca;
  FakeAzure azure;
  List<String> jvm;

  @BeforeAll
  static void startRegistryAndSign() throws Exception {
    registry = LocalRegistry.start();
    RegistryPusher push = new RegistryPusher(registry, Optional.empty());
    Descriptor signed = push.pushImage(REPO, "signed", "layer of the signed image");
    ca = CertificateAuthority.root("CN=ACR Test CA,O=Ratify for Java", KeySpec.EC_P256);
    IssuedCertificate leaf = ca.codeSigningLeaf("CN=acr.signer,O=Ratify for Java", KeySpec.EC_P256);
    SignedImages.sign(push, REPO, signed, leaf, EnvelopeFormat.JWS);
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void startAzure() throws Exception {
    azure = FakeAzure.start();
    azure.backend(registry.baseUri());
    Path trust = azure.writeTrustStore(Files.createTempFile(dir, "azure", ".p12"), STORE_PASSWORD);
    jvm =
        List.of(
            "-Djavax.net.ssl.trustStore=" + trust,
            "-Djavax.net.ssl.trustStorePassword=" + new String(STORE_PASSWORD),
            "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  @AfterEach
  void stopAzure() {
    azure.close();
  }

  /**
   * Ratify's {@code config.json} with this store parameter (JSON members) and a verification
   * timeout that a cold JVM on a loaded machine meets.
   */
  private Path config(String name, String storeParameters) throws Exception {
    Path caPem =
        Files.writeString(
            dir.resolve("ca.pem"),
            "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(ca.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    String json =
        """
        {
          "executor": {"verificationRequestTimeout": 90000},
          "store": {"version": "1.0.0", "plugins": [{"name": "oras", %s}]},
          "policy": {"version": "1.0.0", "plugin": {"name": "configPolicy",
              "artifactVerificationPolicies": {"application/vnd.cncf.notary.signature": "any"}}},
          "verifier": {"version": "1.0.0", "plugins": [{"name": "notation",
              "artifactTypes": "application/vnd.cncf.notary.signature",
              "verificationCerts": ["%s"],
              "trustPolicyDoc": {"version": "1.0", "trustPolicies": [{"name": "default",
                  "registryScopes": ["*"], "signatureVerification": {"level": "strict"},
                  "trustStores": ["ca:certs"], "trustedIdentities": ["*"]}]}}]}
        }
        """
            .formatted(storeParameters, caPem.toString().replace("\\", "\\\\"));
    return Files.writeString(dir.resolve(name), json);
  }

  private String subject() {
    return azure.host() + "/" + REPO + ":signed";
  }

  private void assertNoTokenIn(RatifyJar.Run run) {
    for (String token : azure.issuedTokens()) {
      assertFalse(run.out().contains(token) || run.err().contains(token), "a token was printed");
    }
  }

  @Test
  void workloadIdentityVerifiesAnImageInAcr() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("sa-token"), "projected-sa-token-wi");
    azure.expectAssertion(CLIENT, "projected-sa-token-wi");
    Path cfg =
        config(
            "wi.json",
            ("\"authProvider\": {\"name\": \"azureWorkloadIdentity\", \"clientID\": \"%s\", "
                    + "\"tenantID\": \"%s\", \"endpoints\": [\"%s\"], \"disableInstanceDiscovery\": true}")
                .formatted(CLIENT, FakeAzure.TENANT, azure.host()));
    RatifyJar.Run run =
        RatifyJar.runWithEnvironment(
            jvm,
            Map.of(
                "AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString(),
                "AZURE_AUTHORITY_HOST", azure.url()),
            "verify",
            "-v",
            "-c",
            cfg.toString(),
            "-s",
            subject());
    assertEquals(RatifyCli.VERIFIED, run.exitCode(), run::toString);
    assertEquals(1, azure.exchanges(), "one exchange for the whole verification");
    assertEquals(List.of("projected-sa-token-wi"), azure.assertions());
    assertTrue(azure.tokenCalls() >= 1);
    assertEquals(List.of(), azure.problems());
    assertNoTokenIn(run);
  }

  @Test
  void ratifyV2CredentialShapeWorksToo() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("sa-token-v2"), "projected-sa-token-v2");
    azure.expectAssertion(CLIENT, "projected-sa-token-v2");
    Path cfg =
        config(
            "v2.json",
            ("\"credential\": {\"provider\": \"azure\", \"clientID\": \"%s\", \"tenantID\": \"%s\", "
                    + "\"identityBinding\": false, \"endpoints\": [\"%s\"], \"disableInstanceDiscovery\": true}")
                .formatted(CLIENT, FakeAzure.TENANT, azure.host()));
    RatifyJar.Run run =
        RatifyJar.runWithEnvironment(
            jvm,
            Map.of(
                "AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString(),
                "AZURE_AUTHORITY_HOST", azure.url()),
            "verify",
            "-c",
            cfg.toString(),
            "-s",
            subject());
    assertEquals(RatifyCli.VERIFIED, run.exitCode(), run::toString);
    assertEquals(1, azure.exchanges());
  }

  @Test
  void managedIdentityVerifiesAnImageInAcr() throws Exception {
    azure.expectImdsClientId(Optional.of(CLIENT));
    Path cfg =
        config(
            "mi.json",
            ("\"authProvider\": {\"name\": \"azureManagedIdentity\", \"clientID\": \"%s\", "
                    + "\"tenantID\": \"%s\", \"endpoints\": [\"%s\"]}")
                .formatted(CLIENT, FakeAzure.TENANT, azure.host()));
    RatifyJar.Run run =
        RatifyJar.runWithEnvironment(
            jvm,
            Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", azure.imdsUrl()),
            "verify",
            "-v",
            "-c",
            cfg.toString(),
            "-s",
            subject());
    assertEquals(RatifyCli.VERIFIED, run.exitCode(), run::toString);
    assertTrue(azure.imdsCalls() >= 1);
    assertEquals(0, azure.entraCalls());
    assertEquals(1, azure.exchanges());
    assertEquals(List.of(), azure.problems());
    assertNoTokenIn(run);
  }

  @Test
  void withoutEndpointsTheLocalGateGetsNoAzureTokenAndVerificationFails() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("sa-token-scope"), "projected-sa-token-x");
    azure.expectAssertion(CLIENT, "projected-sa-token-x");
    Path cfg =
        config(
            "default-endpoints.json",
            ("\"authProvider\": {\"name\": \"azureWorkloadIdentity\", \"clientID\": \"%s\", "
                    + "\"tenantID\": \"%s\", \"disableInstanceDiscovery\": true}")
                .formatted(CLIENT, FakeAzure.TENANT));
    RatifyJar.Run run =
        RatifyJar.runWithEnvironment(
            jvm,
            Map.of(
                "AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString(),
                "AZURE_AUTHORITY_HOST", azure.url()),
            "verify",
            "-c",
            cfg.toString(),
            "-s",
            subject());
    assertFalse(run.exitCode() == RatifyCli.VERIFIED, run::toString);
    assertEquals(0, azure.entraCalls(), "127.0.0.1 is not *.azurecr.io: no Entra token at all");
    assertEquals(0, azure.exchanges());
  }
}
