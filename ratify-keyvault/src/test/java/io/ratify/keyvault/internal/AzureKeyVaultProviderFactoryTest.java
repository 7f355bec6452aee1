package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.KeyId;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.RatifyException;
import io.ratify.api.testing.TestPki;
import io.ratify.keyvault.testing.FakeKeyVault;
import io.ratify.spi.KeyManagementProviderFactory;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PluginKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ratify's parameters, their validation, discovery through ServiceLoader, and the credential seam.
 */
class AzureKeyVaultProviderFactoryTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
  private static final PluginContext CONTEXT =
      new PluginContext() {
        @Override
        public Optional<KeyManagementProvider> keyManagementProvider(String name) {
          return Optional.empty();
        }

        @Override
        public Set<String> keyManagementProviderNames() {
          return Set.of();
        }

        @Override
        public Clock clock() {
          return CLOCK;
        }

        @Override
        public Path baseDirectory() {
          return Path.of(".");
        }
      };

  private static Map<String, Object> valid() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("vaultURI", "https://myvault.vault.azure.net/");
    p.put("tenantID", " tenant ");
    p.put("clientID", "client");
    p.put(
        "certificates",
        List.of(
            Map.of("name", "signer"),
            Map.of("name", "old", "version", "abc123", "versionHistoryLimit", 2)));
    p.put("keys", List.of(Map.of("name", "cosign")));
    return p;
  }

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> p = valid();
    if (value == null) {
      p.remove(key);
    } else {
      p.put(key, value);
    }
    return p;
  }

  private static PluginConfig config(Map<String, Object> parameters) {
    return PluginConfig.of(
        PluginKind.KEY_MANAGEMENT_PROVIDER, "keyvault", "azurekeyvault", parameters);
  }

  private static KeyVaultSettings settings(Map<String, Object> parameters) throws RatifyException {
    return new AzureKeyVaultProviderFactory(
            s -> {
              throw new AssertionError("no connection while validating");
            })
        .settings(config(parameters));
  }

  @Test
  void serviceLoaderFindsTheFactory() {
    List<KeyManagementProviderFactory> found =
        ServiceLoader.load(KeyManagementProviderFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.type().equals("azurekeyvault"))
            .toList();
    assertEquals(1, found.size());
    assertInstanceOf(AzureKeyVaultProviderFactory.class, found.get(0));
  }

  @Test
  void readsRatifyParameters() throws RatifyException {
    Map<String, Object> p = valid();
    p.put("refreshInterval", "1h30m");
    p.put("resource", "injected-by-the-controller");
    KeyVaultSettings s = settings(p);

    assertEquals("https://myvault.vault.azure.net", s.vaultUri(), "trailing slash stripped");
    assertEquals("tenant", s.tenantId(), "whitespace trimmed");
    assertEquals("client", s.clientId());
    assertEquals(
        List.of(VaultObject.latest("signer"), new VaultObject("old", "abc123", 2)),
        s.certificates());
    assertEquals(List.of(VaultObject.latest("cosign")), s.keys());
    assertEquals(Optional.of(Duration.ofMinutes(90)), s.refreshInterval());
  }

  @Test
  void withoutRefreshIntervalMaterialIsNeverRefreshed() throws RatifyException {
    assertEquals(Optional.empty(), settings(valid()).refreshInterval());
    assertEquals(Optional.empty(), settings(with("refreshInterval", "0s")).refreshInterval());
  }

  @Test
  void acceptsV2SpellingVaultUrl() throws RatifyException {
    Map<String, Object> p = with("vaultURI", null);
    p.put("vaultURL", "https://other.vault.azure.net");
    assertEquals("https://other.vault.azure.net", settings(p).vaultUri());
  }

  static Stream<Arguments> invalid() {
    Map<String, Object> both = valid();
    both.put("vaultURL", "https://different.vault.azure.net");
    Map<String, Object> none = with("certificates", null);
    none.remove("keys");
    Map<String, Object> noneEmpty = with("certificates", List.of());
    noneEmpty.put("keys", List.of());
    return Stream.of(
        Arguments.of(none, "certificates", "no keyvault certificates or keys configured"),
        Arguments.of(noneEmpty, "certificates", "no keyvault certificates or keys configured"),
        Arguments.of(with("vaultURI", null), "vaultURI", "vaultURI is not set"),
        Arguments.of(with("vaultURI", "   "), "vaultURI", "vaultURI is not set"),
        Arguments.of(with("tenantID", null), "tenantID", "tenantID is not set"),
        Arguments.of(with("clientID", ""), "clientID", "clientID is not set"),
        Arguments.of(
            with("certificates", List.of(Map.of("version", "abc"))),
            "certificates[0].name",
            "name is not set for the 1 th certificate"),
        Arguments.of(
            with("keys", List.of(Map.of("name", "k"), Map.of("name", " "))),
            "keys[1].name",
            "name is not set for the 2 th key"),
        Arguments.of(
            with("certificates", List.of(Map.of("name", "a/../b"))),
            "certificates[0]",
            "letters, digits or dashes"),
        Arguments.of(
            with("certificates", List.of(Map.of("name", "a", "version", "x?y"))),
            "certificates[0]",
            "version must be"),
        Arguments.of(
            with("certificates", List.of(Map.of("name", "a", "versionHistoryLimit", -1))),
            "certificates[0].versionHistoryLimit",
            "between 0 and 100"),
        Arguments.of(
            with("certificates", List.of(Map.of("name", "a", "versionHistoryLimit", "two"))),
            "certificates[0].versionHistoryLimit",
            "expected an integer"),
        Arguments.of(
            with("certificates", List.of(Map.of("name", "a", "versionHistorylimit", 1))),
            "certificates[0].versionHistorylimit",
            "unknown field"),
        Arguments.of(with("certificates", List.of("signer")), "certificates[0]", "expected a map"),
        Arguments.of(
            with("certificates", "array:\n  - certificateName: x"),
            "certificates",
            "CertificateStore is not supported"),
        Arguments.of(with("keys", Map.of("name", "k")), "keys", "expected a list"),
        Arguments.of(
            with("vaultURI", "http://myvault.vault.azure.net"), "vaultURI", "not an https URL"),
        Arguments.of(
            with("vaultURI", "https://myvault.vault.azure.net/secrets/x"),
            "vaultURI",
            "no path or query"),
        Arguments.of(with("tenantID", 42), "tenantID", "expected a string"),
        Arguments.of(with("refreshInterval", "soon"), "refreshInterval", "expected a duration"),
        // Instant + this overflows: every fetch would throw an unchecked DateTimeException
        Arguments.of(
            with("refreshInterval", "PT2562047788015215H"), "refreshInterval", "at most 365 days"),
        Arguments.of(
            with("vaultUri", "https://x.vault.azure.net"), "vaultUri", "unknown parameter"),
        Arguments.of(both, "vaultURL", "the two differ"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidParametersNameTheField(Map<String, Object> parameters, String field, String problem) {
    RatifyException e = assertThrows(RatifyException.class, () -> settings(parameters));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("field 'parameters." + field + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void aPasswordInTheVaultUrlIsNeverEchoed() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> settings(with("vaultURI", "https://user:hunter2@x.vault.azure.net")));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void createdProviderReadsTheVaultOnFirstFetchOnly() throws Exception {
    try (FakeKeyVault vault = FakeKeyVault.start()) {
      TestPki.Chain chain = TestPki.chain("factory-made");
      String version =
          vault.addCertificate(
              "signer",
              "application/x-pem-file",
              TestPki.pem(chain.certificates()),
              chain.leaf().certificate(),
              true,
              CLOCK.instant());
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("vaultURI", vault.url());
      p.put("tenantID", FakeKeyVault.TENANT);
      p.put("clientID", "client");
      p.put("certificates", List.of(Map.of("name", "signer")));
      p.put("refreshInterval", "1h");

      KeyManagementProvider provider =
          new AzureKeyVaultProviderFactory(vault.connector()).create(config(p), CONTEXT);
      assertEquals(List.of(), vault.requests(), "no vault call at creation");

      assertEquals("keyvault", provider.name());
      assertEquals("azurekeyvault", provider.type());
      assertTrue(provider.refreshable());
      assertEquals(
          Map.of(new KeyId("signer", version, true), chain.certificates()),
          provider.fetch(Deadline.after(Duration.ofSeconds(20))).certificates());
      assertFalse(provider.toString().contains(FakeKeyVault.TOKEN));
    }
  }

  @Test
  void workloadIdentityNeedsTheTokenFile() throws RatifyException {
    KeyVaultSettings s = settings(valid());
    VaultConnector connector =
        VaultConnector.workloadIdentity(name -> null, VaultConnector.defaultHttpClient(), true);

    RatifyException e = assertThrows(RatifyException.class, () -> connector.connect(s));
    assertEquals(ErrorCode.PLUGIN_INIT_FAILURE, e.code());
    assertTrue(e.getMessage().contains("AZURE_FEDERATED_TOKEN_FILE is not set"), e.getMessage());
  }

  @Test
  void workloadIdentityWithATokenFileMakesClientsWithoutCallingAnything(@TempDir Path dir)
      throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "service-account-jwt");
    KeyVaultSettings s = settings(valid());
    Map<String, String> env =
        Map.of(
            "AZURE_FEDERATED_TOKEN_FILE",
            token.toString(),
            "AZURE_AUTHORITY_HOST",
            "https://login.microsoftonline.com/");

    VaultClients clients =
        VaultConnector.workloadIdentity(env::get, VaultConnector.defaultHttpClient(), true)
            .connect(s);

    assertEquals("https://myvault.vault.azure.net", clients.secrets().getVaultUrl());
  }
}
