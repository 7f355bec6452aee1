package io.ratify.oras;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.core.config.ConfigLoader;
import io.ratify.oras.RegistryStoreConfig.Auth;
import io.ratify.oras.internal.OciLayoutStoreFactory;
import io.ratify.oras.internal.OrasStoreFactory;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PluginKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed store configurations give what the YAML form gives; typos are refused. */
class StoreConfigTest {
  static PluginConfig yamlStore(String spec) throws RatifyException {
    return ConfigLoader.parse(
            """
            apiVersion: config.ratify.deislabs.io/v1beta1
            kind: Store
            """
                + spec,
            "typed.yaml")
        .stores()
        .get(0);
  }

  static void assertSameModel(PluginConfig fromYaml, PluginConfig typed) {
    assertEquals(fromYaml.kind(), typed.kind());
    assertEquals(fromYaml.name(), typed.name());
    assertEquals(fromYaml.type(), typed.type());
    assertEquals(fromYaml.parameters(), typed.parameters());
  }

  @Test
  void registryStoreEqualsTheYamlForm() throws Exception {
    PluginConfig y =
        yamlStore(
            """
            metadata: {name: oras}
            spec:
              type: oras
              parameters:
                useHttp: true
                authProvider: {name: static, registry: "localhost:5000", username: u, password: p}
                cacheEnabled: true
                ttl: 30s
                maxManifestBytes: 1048576
                maxBlobBytes: 8388608
                timeouts: {connect: 2s, read: 1500ms}
                maxRetries: 2
            """);
    RegistryStoreConfig typed =
        RegistryStoreConfig.builder()
            .plainHttp(true)
            .auth(Auth.credentials("localhost:5000", "u", "p"))
            .cacheEnabled(true)
            .cacheTtl(Duration.ofSeconds(30))
            .maxManifestBytes(1 << 20)
            .maxBlobBytes(8 << 20)
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofMillis(1500))
            .maxRetries(2)
            .build();
    assertSameModel(y, typed.toPluginConfig());
    assertFalse(typed.toString().contains("=p,"), typed.toString());
    assertTrue(typed.toString().contains("password=***"), typed.toString());
  }

  @Test
  void dockerConfigAndDefaultsEqualTheYamlForm() throws Exception {
    PluginConfig y =
        yamlStore(
            """
            metadata: {name: registry}
            spec:
              type: oras
              parameters:
                authProvider: {name: dockerConfig, configPath: auth/config.json}
            """);
    assertSameModel(
        y,
        RegistryStoreConfig.builder()
            .name("registry")
            .auth(Auth.dockerConfig(Path.of("auth/config.json")))
            .build()
            .toPluginConfig());
    assertEquals(Map.of(), RegistryStoreConfig.builder().build().toPluginConfig().parameters());
  }

  @Test
  void registryStoreBuilderChecksBounds() {
    assertThrows(RatifyException.class, () -> RegistryStoreConfig.builder().maxRetries(11).build());
    assertThrows(
        RatifyException.class,
        () -> RegistryStoreConfig.builder().readTimeout(Duration.ZERO).build());
    assertThrows(
        RatifyException.class,
        () -> RegistryStoreConfig.builder().auth(Auth.credentials(" ", "u", "p")).build());
  }

  @Test
  void userAgentAndIdentityTokenEqualTheYamlForm() throws Exception {
    PluginConfig y =
        yamlStore(
            """
            metadata: {name: oras}
            spec:
              type: oras
              parameters:
                authProvider: {name: static, registry: "localhost:5000", identityToken: t0ken}
                userAgent: "my-agent/1.0 (ci)"
            """);
    RegistryStoreConfig typed =
        RegistryStoreConfig.builder()
            .auth(Auth.identityToken("localhost:5000", "t0ken"))
            .userAgent("my-agent/1.0 (ci)")
            .build();
    assertSameModel(y, typed.toPluginConfig());
    assertFalse(typed.toString().contains("t0ken"), typed.toString());
    // the factory accepts what the typed form renders
    new OrasStoreFactory().create(typed.toPluginConfig(), new NoProviders());
  }

  @Test
  void userAgentIsBoundedPrintableAscii() {
    for (String bad : List.of("", " ", "a".repeat(257), "agent\r\nX-Injected: 1", "agent/\u00e9")) {
      RatifyException typed =
          assertThrows(
              RatifyException.class,
              () -> RegistryStoreConfig.builder().userAgent(bad).build(),
              bad);
      assertEquals(ErrorCode.CONFIG_INVALID, typed.code());
      assertTrue(typed.getMessage().contains("userAgent"), typed.getMessage());
      RatifyException factory =
          assertThrows(
              RatifyException.class,
              () ->
                  new OrasStoreFactory()
                      .create(
                          PluginConfig.of(PluginKind.STORE, "s", "oras", Map.of("userAgent", bad)),
                          new NoProviders()),
              bad);
      assertEquals(ErrorCode.CONFIG_INVALID, factory.code());
      assertTrue(factory.getMessage().contains("'parameters.userAgent'"), factory.getMessage());
    }
    assertEquals(
        256,
        assertDoesNotThrow(() -> RegistryStoreConfig.builder().userAgent("a".repeat(256)).build())
            .toPluginConfig()
            .parameters()
            .get("userAgent")
            .toString()
            .length());
  }

  @Test
  void identityTokenIsAnAlternativeToUserAndPassword() {
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("name", "static", "registry", "r", "identityToken", "t", "username", "u"),
            Map.of("name", "static", "registry", "r", "identityToken", "t", "password", "p"),
            Map.of("name", "static", "registry", "r", "identityToken", " "))) {
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () ->
                  new OrasStoreFactory()
                      .create(
                          PluginConfig.of(
                              PluginKind.STORE, "s", "oras", Map.of("authProvider", bad)),
                          new NoProviders()),
              bad.toString());
      assertEquals(ErrorCode.CONFIG_INVALID, e.code(), bad.toString());
    }
    assertThrows(
        RatifyException.class,
        () -> RegistryStoreConfig.builder().auth(Auth.identityToken("r", " ")).build());
  }

  @Test
  void layoutStoreEqualsTheYamlForm() throws Exception {
    PluginConfig y =
        yamlStore(
            """
            metadata: {name: oci-layout}
            spec:
              type: oci-layout
              parameters:
                path: images/layout
                maxBlobBytes: 1024
            """);
    assertSameModel(
        y,
        OciLayoutStoreConfig.builder(Path.of("images/layout"))
            .maxBlobBytes(1024)
            .build()
            .toPluginConfig());
    assertThrows(
        RatifyException.class,
        () -> OciLayoutStoreConfig.builder(Path.of("x")).maxManifestBytes(0).build());
  }

  @Test
  void bothStoresRefuseAnUnknownParameter() {
    PluginContext context = new NoProviders();
    RatifyException oras =
        assertThrows(
            RatifyException.class,
            () ->
                new OrasStoreFactory()
                    .create(
                        PluginConfig.of(PluginKind.STORE, "s", "oras", Map.of("usehttp", true)),
                        context));
    assertEquals(ErrorCode.CONFIG_INVALID, oras.code());
    assertTrue(oras.getMessage().contains("'parameters.usehttp': unknown parameter"));
    RatifyException layout =
        assertThrows(
            RatifyException.class,
            () ->
                new OciLayoutStoreFactory()
                    .create(
                        PluginConfig.of(
                            PluginKind.STORE, "s", "oci-layout", Map.of("path", ".", "pth", ".")),
                        context));
    assertEquals(ErrorCode.CONFIG_INVALID, layout.code());
    assertTrue(layout.getMessage().contains("'parameters.pth': unknown parameter"));
  }

  /** A context without key management providers. */
  static final class NoProviders implements PluginContext {
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
      return Path.of(".").toAbsolutePath();
    }
  }
}
