package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One Azure credential configuration for Key Vault and ACR. */
class AzureIdentityTest {
  private static final Map<String, Object> IDENTITY =
      Map.of(
          "clientID", "11111111-2222-3333-4444-555555555555",
          "tenantID", "72f988bf-86f1-41af-91ab-2d7cd011db47",
          "authorityHost", "https://login.microsoftonline.us/");

  @Test
  void keyVaultAndRegistryReadTheSameIdentityFromTheSameParameters() throws Exception {
    Map<String, Object> kv = new LinkedHashMap<>(IDENTITY);
    kv.put("vaultURI", "https://myvault.vault.azure.net");
    kv.put("keys", List.of(Map.of("name", "k")));
    Map<String, Object> acr = new LinkedHashMap<>(IDENTITY);
    acr.put("name", "azureWorkloadIdentity");
    AzureIdentity fromVault =
        AzureIdentity.fromConfig(
            PluginConfig.of(PluginKind.KEY_MANAGEMENT_PROVIDER, "akv", "azurekeyvault", kv),
            AzureIdentity.Kind.WORKLOAD_IDENTITY);
    AzureIdentity fromStore =
        AzureIdentity.fromConfig(
            PluginConfig.of(PluginKind.STORE, "oras", "oras", acr),
            AzureIdentity.Kind.WORKLOAD_IDENTITY);
    assertEquals(fromVault, fromStore);
    // the vault factory accepts the shared parameters
    new AzureKeyVaultProviderFactory()
        .settings(PluginConfig.of(PluginKind.KEY_MANAGEMENT_PROVIDER, "akv", "azurekeyvault", kv));
  }

  @Test
  void oneCredentialPerIdentityAndProcess() throws Exception {
    AzureIdentity mi =
        new AzureIdentity(
            AzureIdentity.Kind.MANAGED_IDENTITY,
            Optional.empty(),
            Optional.of("c"),
            Optional.empty(),
            false);
    assertSame(mi.sharedCredential(), mi.sharedCredential());
  }

  @Test
  void badIdentityParametersAreConfigErrors() {
    for (Map<String, Object> bad :
        List.of(
            Map.<String, Object>of("authorityHost", "http://login.example"),
            Map.<String, Object>of("authorityHost", "https://user:pw@login.example"),
            Map.<String, Object>of("clientID", "a b"),
            Map.<String, Object>of("disableInstanceDiscovery", "yes"))) {
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () ->
                  AzureIdentity.fromConfig(
                      PluginConfig.of(PluginKind.STORE, "s", "oras", bad),
                      AzureIdentity.Kind.WORKLOAD_IDENTITY));
      assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    }
  }

  @Test
  void workloadIdentityWithoutTheWebhooksEnvironmentIsAClearInitFailure() {
    AzureIdentity wi =
        new AzureIdentity(
            AzureIdentity.Kind.WORKLOAD_IDENTITY,
            Optional.of("t"),
            Optional.of("c"),
            Optional.empty(),
            false);
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                wi.credential(
                    k -> null, io.ratify.keyvault.internal.VaultConnector.defaultHttpClient()));
    assertEquals(ErrorCode.PLUGIN_INIT_FAILURE, e.code());
    assertTrue(e.getMessage().contains("AZURE_FEDERATED_TOKEN_FILE"), e.getMessage());
  }
}
