package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.KeyId;
import io.ratify.api.KeyMaterial;
import io.ratify.api.testing.TestPki;
import io.ratify.keyvault.testing.FakeKeyVault;
import io.ratify.keyvault.testing.Jwks;
import io.ratify.keyvault.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production credential, end to end: azure-identity's workload identity credential reads the
 * projected token file named by {@code AZURE_FEDERATED_TOKEN_FILE}, trades it at the authority
 * ({@code AZURE_AUTHORITY_HOST}, here the double) for an access token, and the vault accepts that
 * token.
 */
class WorkloadIdentityTest {
  @Test
  void tokenFileIsTradedForAVaultToken(@TempDir Path dir) throws Exception {
    try (FakeKeyVault vault = FakeKeyVault.start()) {
      KeyPair k = TestPki.ecKeyPair("secp256r1");
      Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
      String version = vault.addKey("wi-key", Jwks.of(k.getPublic(), "EC"), true, t0);
      Path tokenFile =
          Files.writeString(dir.resolve("azure-identity-token"), "projected.service-account.jwt");
      Map<String, String> env =
          Map.of(
              "AZURE_FEDERATED_TOKEN_FILE",
              tokenFile.toString(),
              "AZURE_AUTHORITY_HOST",
              vault.url());
      KeyVaultSettings s =
          KeyVaultSettings.builder()
              .vaultUri(vault.url())
              .tenantId(FakeKeyVault.TENANT)
              .clientId("wi-client")
              .key(VaultObject.latest("wi-key"))
              .maxRetries(0)
              .build();

      VaultClients clients =
          VaultConnector.workloadIdentity(env::get, vault.httpClient(), false).connect(s);
      KeyMaterial m =
          new AzureKeyVaultProvider("akv", s, clients, new MutableClock(t0))
              .fetch(Deadline.after(Duration.ofSeconds(30)));

      assertEquals(Map.of(new KeyId("wi-key", version, true), k.getPublic()), m.keys());
      assertEquals(
          List.of("wi-client projected.service-account.jwt"),
          vault.assertions(),
          "the token file is the client assertion");
      assertTrue(vault.tokenTenants().contains(FakeKeyVault.TENANT));
    }
  }
}
