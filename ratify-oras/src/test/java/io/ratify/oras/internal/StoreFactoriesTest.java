package io.ratify.oras.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PluginKind;
import io.ratify.spi.StoreFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StoreFactoriesTest {
  private static final String NOTATION_E2E_LAYOUTS =
      "notation/test/e2e/testdata/registry/oci_layout";

  static final PluginContext CONTEXT =
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
          return Clock.systemUTC();
        }

        @Override
        public Path baseDirectory() {
          return Path.of("").toAbsolutePath();
        }
      };

  static Map<String, StoreFactory> factories() {
    Map<String, StoreFactory> out = new HashMap<>();
    for (StoreFactory f : ServiceLoader.load(StoreFactory.class)) {
      out.put(f.type(), f);
      f.aliases().forEach(a -> out.put(a, f));
    }
    return out;
  }

  static Store create(String type, Map<String, Object> params) throws RatifyException {
    return factories()
        .get(type)
        .create(PluginConfig.of(PluginKind.STORE, "s1", type, params), CONTEXT);
  }

  static ErrorCode failure(String type, Map<String, Object> params) {
    return assertThrows(RatifyException.class, () -> create(type, params)).code();
  }

  @Test
  void bothTypesAndTheAliasAreRegistered() {
    Map<String, StoreFactory> f = factories();
    // Ratify v2's type names are aliases of ours
    assertEquals(
        Set.of("oras", "registry-store", "oci-layout", "filesystem-oci-store"), f.keySet());
    assertTrue(f.get("oras") == f.get("registry-store"));
    assertTrue(f.get("oci-layout") == f.get("filesystem-oci-store"));
  }

  @Test
  void orasAcceptsRatifyParameters() throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.putAll(
        Map.of(
            "name",
            "s1",
            "useHttp",
            true,
            "cacheEnabled",
            true,
            "ttl",
            10,
            "cosignEnabled",
            false,
            "localCachePath",
            "/tmp/x"));
    p.putAll(
        Map.of(
            "authProvider",
            Map.of(
                "name", "static", "registry", "127.0.0.1:5000", "username", "u", "password", "p"),
            "timeouts",
            Map.of("connect", "2s", "read", "30s"),
            "maxRetries",
            2,
            "maxManifestBytes",
            1024,
            "maxBlobBytes",
            4096));
    Store s = create("oras", p);
    assertEquals("s1", s.name());
    assertEquals("oras", s.type());
    assertEquals(
        "oras",
        create(
                "registry-store",
                Map.of("authProvider", Map.of("name", "dockerConfig", "configPath", "config.json")))
            .type());
    assertEquals("oras", create("oras", Map.of()).type());
  }

  @Test
  void orasRejectsBadParametersNamingTheField() {
    RatifyException typo =
        assertThrows(RatifyException.class, () -> create("oras", Map.of("useHtp", true)));
    assertEquals(ErrorCode.CONFIG_INVALID, typo.code());
    assertTrue(typo.getMessage().contains("useHtp"), typo.getMessage());
    assertEquals(ErrorCode.CONFIG_INVALID, failure("oras", Map.of("cosignEnabled", true)));
    assertEquals(ErrorCode.CONFIG_INVALID, failure("oras", Map.of("useHttp", "yes")));
    assertEquals(ErrorCode.CONFIG_INVALID, failure("oras", Map.of("maxRetries", 99)));
    assertEquals(ErrorCode.CONFIG_INVALID, failure("oras", Map.of("ttl", "soon")));
    assertEquals(
        ErrorCode.CONFIG_INVALID, failure("oras", Map.of("timeouts", Map.of("connect", "0s"))));
    assertEquals(
        ErrorCode.CONFIG_INVALID, failure("oras", Map.of("timeouts", Map.of("write", "1s"))));
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        failure("oras", Map.of("authProvider", Map.of("name", "azureWorkloadIdentity"))));
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        failure("oras", Map.of("authProvider", Map.of("name", "static", "username", "u"))));
  }

  @Test
  void ociLayoutNeedsAnExistingLayout() throws Exception {
    assertEquals(ErrorCode.CONFIG_INVALID, failure("oci-layout", Map.of()));
    assertEquals(
        ErrorCode.CONFIG_INVALID, failure("oci-layout", Map.of("path", "/nonexistent/layout")));
    Optional<Path> layouts = Optional.of(SharedFolders.vectors(NOTATION_E2E_LAYOUTS));
    Store s = create("oci-layout", Map.of("path", layouts.get().resolve("e2e").toString()));
    assertEquals("oci-layout", s.type());
  }

  @Test
  void typeNamesAreUnique() {
    Set<String> seen =
        factories().values().stream().map(StoreFactory::type).collect(Collectors.toSet());
    assertEquals(Set.of("oras", "oci-layout"), seen);
  }
}
