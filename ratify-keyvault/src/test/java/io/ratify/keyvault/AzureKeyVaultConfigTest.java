package io.ratify.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ratify.api.RatifyException;
import io.ratify.core.config.ConfigLoader;
import io.ratify.keyvault.AzureKeyVaultConfig.VaultItem;
import io.ratify.spi.PluginConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed Key Vault configuration gives what the YAML form gives. */
class AzureKeyVaultConfigTest {
  @Test
  void equalsTheYamlForm() throws Exception {
    PluginConfig y =
        ConfigLoader.parse(
                """
                apiVersion: config.ratify.deislabs.io/v1beta1
                kind: KeyManagementProvider
                metadata: {name: keyvault}
                spec:
                  type: azurekeyvault
                  refreshInterval: 1h
                  parameters:
                    vaultURI: https://myvault.vault.azure.net/
                    tenantID: tenant
                    clientID: client
                    certificates:
                      - name: signer
                        versionHistoryLimit: 2
                      - name: old
                        version: abc
                    keys:
                      - name: key
                """,
                "typed.yaml")
            .keyManagementProviders()
            .get(0);
    PluginConfig t =
        AzureKeyVaultConfig.builder("keyvault")
            .vaultUri(URI.create("https://myvault.vault.azure.net/"))
            .tenantId("tenant")
            .clientId("client")
            .certificate(new VaultItem("signer", Optional.empty(), 2))
            .certificate(VaultItem.pinned("old", "abc"))
            .key(VaultItem.latest("key"))
            .refreshInterval(Duration.ofHours(1))
            .build()
            .toPluginConfig();
    assertEquals(y.kind(), t.kind());
    assertEquals(y.name(), t.name());
    assertEquals(y.type(), t.type());
    assertEquals(y.parameters(), t.parameters());
  }

  @Test
  void theBuilderRefusesIncompleteConfigurations() {
    assertThrows(
        RatifyException.class,
        () ->
            AzureKeyVaultConfig.builder("kv")
                .vaultUri(URI.create("http://insecure.example/"))
                .tenantId("t")
                .clientId("c")
                .key(VaultItem.latest("k"))
                .build());
    assertThrows(
        RatifyException.class,
        () ->
            AzureKeyVaultConfig.builder("kv")
                .vaultUri(URI.create("https://v.vault.azure.net/"))
                .tenantId("t")
                .clientId("c")
                .build());
  }
}
