package io.ratify.examples.cli;

import static io.ratify.examples.cli.V2ConfigurationTest.quoted;
import static io.ratify.examples.cli.V2ConfigurationTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.testing.TestPki;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ratify v2 configuration end to end through the packaged jar: the notation CLI's upstream e2e
 * layouts pushed into a real {@code docker-registry} over TLS, verified with the chart's rendered
 * Executor (JVM trust store) and with registry-store's {@code caPem} (no JVM trust store at all).
 */
class V2RegistryIT {
  private static final char[] STORE_PASSWORD = "changeit".toCharArray();
  private static final String LAYOUTS = "notation/test/e2e/testdata/registry/oci_layout/";
  private static final String KEYS = "notation/test/e2e/testdata/config/localkeys/";

  @TempDir static Path dir;
  static LocalRegistry registry;
  static List<String> trustingJvm;
  static String caPem;
  static String otherPem;
  static String tlsCaPem;

  @BeforeAll
  static void pushLayouts() throws Exception {
    Path vectors = SharedFolders.vectors();
    TestPki.Issued tls = TestPki.tlsServer("127.0.0.1");
    registry = LocalRegistry.start(new LocalRegistry.Options().tls(tls));
    Path trustStore = tls.writeTrustStore(dir.resolve("truststore.p12"), STORE_PASSWORD);
    trustingJvm =
        List.of(
            "-Djavax.net.ssl.trustStore=" + trustStore,
            "-Djavax.net.ssl.trustStorePassword=" + new String(STORE_PASSWORD),
            "-Djavax.net.ssl.trustStoreType=PKCS12");
    tlsCaPem = Files.readString(tls.writeCertificatePem(dir.resolve("tls-ca.pem")));
    RegistryPusher push = new RegistryPusher(registry, Optional.empty());
    for (String[] l :
        new String[][] {
          {"e2e-valid-signature", "e2e/valid"},
          {"e2e-expired-signature", "e2e/expired"},
          {"e2e-invalid-signature", "e2e/invalid"},
          {"e2e", "e2e/unsigned"}
        }) {
      push.pushLayout(vectors.resolve(LAYOUTS + l[0]), l[1]);
    }
    caPem = Files.readString(vectors.resolve(KEYS + "e2e.crt"));
    otherPem = Files.readString(vectors.resolve(KEYS + "new_e2e.crt"));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String subject(String repo) {
    return registry.host() + "/" + repo + ":v1";
  }

  @Test
  void theChartsRenderedExecutorVerifiesTheUpstreamImagesInTheRegistry() throws Exception {
    Path config =
        write(
            "chart.yaml",
            resource(
                "v2/chart-executor.yaml",
                Map.of("SCOPE", registry.host(), "CA_PEM", quoted(caPem))));
    for (Map.Entry<String, Integer> c :
        Map.of(
                "e2e/valid", RatifyCli.VERIFIED,
                "e2e/expired", RatifyCli.NOT_VERIFIED,
                "e2e/invalid", RatifyCli.NOT_VERIFIED,
                "e2e/unsigned", RatifyCli.NOT_VERIFIED)
            .entrySet()) {
      RatifyJar.Run r =
          RatifyJar.run(trustingJvm, "verify", "-c", config.toString(), "-s", subject(c.getKey()));
      assertEquals(c.getValue(), r.exitCode(), c.getKey() + ": " + r);
    }
    RatifyJar.Run check = RatifyJar.run(trustingJvm, "config", "check", "-c", config.toString());
    assertEquals(RatifyCli.VERIFIED, check.exitCode(), check::toString);
    assertTrue(check.out().contains("scopes: " + registry.host()), check.out());
  }

  @Test
  void caPemReplacesTheJvmTrustStore() throws Exception {
    Path withCa =
        write(
            "ca.yaml",
            resource(
                "v2/registry-store-ca.yaml",
                Map.of(
                    "SCOPE", registry.host(),
                    "TLS_CA_PEM", quoted(tlsCaPem),
                    "CA_PEM", quoted(caPem))));
    RatifyJar.Run ok =
        RatifyJar.run(List.of(), "verify", "-c", withCa.toString(), "-s", subject("e2e/valid"));
    assertEquals(RatifyCli.VERIFIED, ok.exitCode(), ok::toString);

    // without caPem (the chart's default "") the registry's certificate is not trusted: an error
    Path without =
        write(
            "no-ca.yaml",
            resource(
                "v2/registry-store-ca.yaml",
                Map.of("SCOPE", registry.host(), "TLS_CA_PEM", "\"\"", "CA_PEM", quoted(caPem))));
    RatifyJar.Run fails =
        RatifyJar.run(List.of(), "verify", "-c", without.toString(), "-s", subject("e2e/valid"));
    assertEquals(RatifyCli.ERROR, fails.exitCode(), fails::toString);

    // a CA that is not the registry's: refused too, so caPem really is the trust anchor set
    Path wrong =
        write(
            "wrong-ca.yaml",
            resource(
                "v2/registry-store-ca.yaml",
                Map.of(
                    "SCOPE", registry.host(),
                    "TLS_CA_PEM", quoted(caPem),
                    "CA_PEM", quoted(caPem))));
    RatifyJar.Run refused =
        RatifyJar.run(trustingJvm, "verify", "-c", wrong.toString(), "-s", subject("e2e/valid"));
    assertEquals(RatifyCli.ERROR, refused.exitCode(), refused::toString);
  }

  @Test
  void theRepositoryScopeBeatsTheRegistryScopeInTheRegistry() throws Exception {
    String registryWide =
        resource(
            "v2/chart-executor.yaml", Map.of("SCOPE", registry.host(), "CA_PEM", quoted(caPem)));
    String repoOnly =
        resource(
                "v2/chart-executor.yaml",
                Map.of("SCOPE", registry.host() + "/e2e/valid", "CA_PEM", quoted(otherPem)))
            .replace("ratify-gatekeeper-provider-executor-1", "valid-repository-only");
    Path confDir = Files.createDirectories(dir.resolve("routing"));
    Files.writeString(confDir.resolve("a-registry.yaml"), registryWide);
    Files.writeString(confDir.resolve("b-repository.yaml"), repoOnly);
    // the repository's executor trusts another certificate: not verified
    RatifyJar.Run valid =
        RatifyJar.run(trustingJvm, "verify", "-c", confDir.toString(), "-s", subject("e2e/valid"));
    assertEquals(RatifyCli.NOT_VERIFIED, valid.exitCode(), valid::toString);
    assertTrue(valid.out().contains("\"isSuccess\""), valid.out());
  }
}
