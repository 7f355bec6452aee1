package io.ratify.oras.internal.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.oras.internal.OrasStoreFactory;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.SignedImage;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry credential SPI: the built-in providers and a third-party one are found with {@link
 * java.util.ServiceLoader} and chosen by the store's {@code authProvider} (v1) or {@code
 * credential} (v2) parameter; the third-party one authenticates against a real registry.
 */
class CredentialProviderSpiTest {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-pass";
  static LocalRegistry registry;
  static SignedImage image;

  @BeforeAll
  static void start() throws Exception {
    registry = LocalRegistry.start(new LocalRegistry.Options().basicAuth(USER, PASSWORD));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    image =
        TestArtifacts.pushSignedImage(
            new RegistryPusher(registry, Optional.of(basic)), "demo/app", "v1");
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  static final PluginContext CONTEXT =
      new PluginContext() {
        @Override
        public Optional<io.ratify.api.KeyManagementProvider> keyManagementProvider(String name) {
          return Optional.empty();
        }

        @Override
        public Set<String> keyManagementProviderNames() {
          return Set.of();
        }

        @Override
        public Clock clock() {
          return Clock.systemUTC();
        }

        @Override
        public Path baseDirectory() {
          return Path.of(".");
        }
      };

  private static Store store(Map<String, Object> parameters) throws RatifyException {
    return new OrasStoreFactory()
        .create(PluginConfig.of(PluginKind.STORE, "oras", "oras", parameters), CONTEXT);
  }

  @Test
  void builtInAndThirdPartyProvidersAreDiscovered() throws Exception {
    assertTrue(
        CredentialFactories.load()
            .names()
            .containsAll(Set.of("dockerConfig", "static", "anonymous", "exampleVault")));
  }

  @Test
  void thirdPartyProviderAuthenticatesWithRatifyV1Shape() throws Exception {
    int before = ThirdPartyCredentialProviderFactory.ANSWERED.get();
    Store s =
        store(
            Map.of(
                "useHttp",
                true,
                "authProvider",
                Map.of(
                    "name",
                    "exampleVault",
                    "registry",
                    registry.host(),
                    "user",
                    USER,
                    "passwordRef",
                    PASSWORD)));
    assertArrayEquals(
        image.envelope().bytes(),
        io.ratify.oras.internal.registry.RegistryAuthRealRegistryTestAccess.flow(
            s, registry, "demo/app"));
    assertTrue(ThirdPartyCredentialProviderFactory.ANSWERED.get() > before);
  }

  @Test
  void thirdPartyProviderAuthenticatesWithRatifyV2Shape() throws Exception {
    Store s =
        store(
            Map.of(
                "useHttp",
                true,
                "credential",
                Map.of(
                    "provider",
                    "exampleVault",
                    "registry",
                    registry.host(),
                    "user",
                    USER,
                    "passwordRef",
                    PASSWORD)));
    assertArrayEquals(
        image.envelope().bytes(),
        io.ratify.oras.internal.registry.RegistryAuthRealRegistryTestAccess.flow(
            s, registry, "demo/app"));
  }

  @Test
  void staticProviderThroughTheSpiAndItsV2Form() throws Exception {
    Store s =
        store(
            Map.of(
                "useHttp",
                true,
                "credential",
                Map.of(
                    "provider",
                    "static",
                    "registry",
                    registry.host(),
                    "username",
                    USER,
                    "password",
                    PASSWORD)));
    assertArrayEquals(
        image.envelope().bytes(),
        io.ratify.oras.internal.registry.RegistryAuthRealRegistryTestAccess.flow(
            s, registry, "demo/app"));
  }

  @Test
  void unknownProviderNamesTheAvailableOnesAndWhereAzureLives() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> store(Map.of("authProvider", Map.of("name", "azureWorkloadIdentity"))));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("exampleVault"), e.getMessage());
    assertTrue(e.getMessage().contains("ratify-keyvault"), e.getMessage());
  }

  @Test
  void bothShapesAtOnceOrAMissingProviderAreRefused() {
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        assertThrows(
                RatifyException.class,
                () ->
                    store(
                        Map.of(
                            "authProvider",
                            Map.of("name", "anonymous"),
                            "credential",
                            Map.of("provider", "anonymous"))))
            .code());
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        assertThrows(RatifyException.class, () -> store(Map.of("credential", Map.of()))).code());
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        assertThrows(
                RatifyException.class,
                () ->
                    store(Map.of("authProvider", Map.of("name", "dockerConfig", "configPat", "x"))))
            .code());
  }
}
