package io.ratify.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.ValidationResult;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.core.Executor;
import io.ratify.core.ExecutorFactory;
import io.ratify.core.ExecutorSet;
import io.ratify.core.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ratify v2 documents (its samples and chart renderings, in test resources) load and verify the
 * notation CLI's own e2e layouts (upstream vectors), route by scope and namespace, and give the
 * verdicts the Ratify v1 documents of the same intent give.
 */
class V2ConfigurationTest {
  private static final String LAYOUTS = "notation/test/e2e/testdata/registry/oci_layout";
  private static final String KEYS = "notation/test/e2e/testdata/config/localkeys/";

  @TempDir static Path dir;
  static Path vectors;
  static String caPem;
  static String otherPem;
  static Path layoutsConfig;

  /** A test resource with {@code ${KEY}} placeholders replaced. */
  static String resource(String name, Map<String, String> values) throws IOException {
    String text;
    try (InputStream in = V2ConfigurationTest.class.getResourceAsStream("/" + name)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace("${" + e.getKey() + "}", e.getValue());
    }
    assertFalse(text.contains("${"), name + " has an unfilled placeholder");
    return text;
  }

  /** A YAML double-quoted string, as helm's {@code quote} renders a PEM. */
  static String quoted(String pem) {
    return "\""
        + pem.strip().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"";
  }

  @BeforeAll
  static void setUp() throws Exception {
    // skips without the upstream vectors, fails under CI naming the places it looked
    vectors = SharedFolders.vectors();
    caPem = Files.readString(vectors.resolve(KEYS + "e2e.crt"));
    otherPem = Files.readString(vectors.resolve(KEYS + "new_e2e.crt"));
    layoutsConfig =
        Files.writeString(
            dir.resolve("layouts.yaml"),
            resource(
                "v2/layouts.yaml",
                Map.of(
                    "LAYOUTS", vectors.resolve(LAYOUTS).toString(),
                    "CA_PEM", quoted(caPem),
                    "OTHER_PEM", quoted(otherPem))));
  }

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = RatifyCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void upstreamLayoutsGetTheirVerdictsThroughScopeRouting() throws Exception {
    try (ExecutorSet set = ExecutorSet.load(List.of(layoutsConfig))) {
      ValidationResult valid = set.validate("layouts.test/e2e/valid:v1");
      assertTrue(valid.success(), () -> "valid: " + valid);
      assertFalse(set.validate("layouts.test/e2e/expired:v1").success());
      ValidationResult invalid = set.validate("layouts.test/e2e/invalid:v1");
      assertFalse(invalid.success());
      assertEquals(
          Optional.of(ErrorCode.SIGNATURE_INTEGRITY_FAILURE),
          invalid.verifierReports().get(0).result().errorCode(),
          invalid::toString);
      // the registry scope and the wildcard both lead to the unsigned layout
      assertFalse(set.validate("layouts.test/other/repo:v1").success());
      assertFalse(set.validate("mirror.layouts.test/e2e/valid:v1").success());
      assertEquals(
          "unsigned", set.route("mirror.layouts.test/e2e/valid:v1").executorConfig().name());
      // no executor for another registry: an error, never success
      RatifyException e =
          assertThrows(RatifyException.class, () -> set.validate("ghcr.io/e2e/valid:v1"));
      assertEquals(ErrorCode.EXECUTOR_FAILURE, e.code());
      assertTrue(e.getMessage().contains("no executor configured for scope"), e.getMessage());
    }
  }

  @Test
  void aNamespacedExecutorTakesPrecedenceForItsNamespaceOnly() throws Exception {
    try (ExecutorSet set = ExecutorSet.load(List.of(layoutsConfig))) {
      // team-a trusts another certificate: the same image does not verify there
      ValidationResult teamA = set.validate("[team-a]layouts.test/e2e/valid:v1");
      assertFalse(teamA.success());
      assertEquals(
          Optional.of(ErrorCode.SIGNATURE_AUTHENTICITY_FAILURE),
          teamA.verifierReports().get(0).result().errorCode());
      // team-b has no executor of its own: the cluster's verifies
      assertTrue(set.validate("[team-b]layouts.test/e2e/valid:v1").success());
      // team-a falls back to the cluster for scopes it does not claim
      assertEquals(
          "expired", set.route("[team-a]layouts.test/e2e/expired:v1").executorConfig().name());
    }
  }

  @Test
  void v1AndV2DocumentsOfTheSameIntentGiveTheSameVerdicts() throws Exception {
    Map<String, String> layouts =
        Map.of(
            "valid", "e2e-valid-signature",
            "expired", "e2e-expired-signature",
            "invalid", "e2e-invalid-signature",
            "other", "e2e");
    try (ExecutorSet v2 = ExecutorSet.load(List.of(layoutsConfig))) {
      for (Map.Entry<String, String> l : layouts.entrySet()) {
        Path v1File =
            Files.writeString(
                dir.resolve("v1-" + l.getKey() + ".yaml"),
                resource(
                    "v1/layout.yaml",
                    Map.of(
                        "LAYOUT",
                        vectors.resolve(LAYOUTS).resolve(l.getValue()).toString(),
                        "CA_PEM",
                        quoted(caPem))));
        ValidationResult fromV1;
        try (Executor v1 =
            ExecutorFactory.usingDefaultRegistry().create(ConfigLoader.load(v1File))) {
          fromV1 = v1.validate("layouts.test/e2e/" + l.getKey() + ":v1");
        }
        ValidationResult fromV2 = v2.validate("layouts.test/e2e/" + l.getKey() + ":v1");
        assertEquals(fromV1.success(), fromV2.success(), l.getKey());
        assertEquals(
            fromV1.verifierReports().stream().map(r -> r.result().errorCode()).toList(),
            fromV2.verifierReports().stream().map(r -> r.result().errorCode()).toList(),
            l.getKey());
      }
    }
  }

  @Test
  void v2TypeNamesAreAliasesOfOursInV1DocumentsToo() throws Exception {
    Path v1File =
        Files.writeString(
            dir.resolve("v1-alias.yaml"),
            resource(
                    "v1/layout.yaml",
                    Map.of(
                        "LAYOUT",
                        vectors.resolve(LAYOUTS).resolve("e2e-valid-signature").toString(),
                        "CA_PEM",
                        quoted(caPem)))
                .replace("name: oci-layout", "name: filesystem-oci-store"));
    try (Executor v1 = ExecutorFactory.usingDefaultRegistry().create(ConfigLoader.load(v1File))) {
      assertTrue(v1.validate("layouts.test/e2e/valid:v1").success());
    }
  }

  @Test
  void ratifySamplesAndChartRenderingsVerifyTheValidLayout() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.writeString(certs.resolve("e2e.crt"), caPem);
    Map<String, String> values =
        Map.of(
            "SCOPE",
            "layouts.test",
            "NOTATION_SCOPE",
            "layouts.test/e2e/app",
            "CA_PEM",
            quoted(caPem),
            "CERTS_DIR",
            certs.toString(),
            "IDENTITY",
            "x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=e2e");
    for (String name :
        List.of(
            "v2/sample-executor.yaml",
            "v2/sample-namespacedexecutor.yaml",
            "v2/chart-executor.yaml",
            "v2/chart-executor-files.yaml")) {
      Path config = Files.writeString(dir.resolve(name.replace('/', '-')), resource(name, values));
      Path layout = vectors.resolve(LAYOUTS).resolve("e2e-valid-signature");
      // the samples use registry-store; --oci-layout puts the upstream layout in its place
      Run ok =
          cli(
              "verify",
              "-c",
              config.toString(),
              "--oci-layout",
              "-s",
              layout + ":v1",
              "--scope",
              "layouts.test/e2e/app",
              "-n",
              name.contains("namespaced") ? "default" : "");
      assertEquals(RatifyCli.VERIFIED, ok.exit(), name + ": " + ok);
      Run check = cli("config", "check", "-c", config.toString());
      assertEquals(RatifyCli.VERIFIED, check.exit(), name + ": " + check);
      assertTrue(check.out().contains("scopes: layouts.test"), check.out());
      assertTrue(check.out().contains("notation-1 (notation)"), check.out());
    }
  }

  @Test
  void notationTrustedIdentitiesAndScopesFromTheChartAreEnforced() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs-identity"));
    Files.writeString(certs.resolve("e2e.crt"), caPem);
    Path layout = vectors.resolve(LAYOUTS).resolve("e2e-valid-signature");
    for (String[] c :
        new String[][] {
          {
            "x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=someone-else",
            "layouts.test/e2e/app"
          },
          {"x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=e2e", "layouts.test/e2e/other"}
        }) {
      Path config =
          Files.writeString(
              dir.resolve("identity.yaml"),
              resource(
                  "v2/chart-executor-files.yaml",
                  Map.of(
                      "SCOPE",
                      "layouts.test",
                      "NOTATION_SCOPE",
                      c[1],
                      "CERTS_DIR",
                      certs.toString(),
                      "IDENTITY",
                      c[0])));
      Run r =
          cli(
              "verify",
              "-c",
              config.toString(),
              "--oci-layout",
              "-s",
              layout + ":v1",
              "--scope",
              "layouts.test/e2e/app");
      assertEquals(RatifyCli.NOT_VERIFIED, r.exit(), c[0] + " " + c[1] + ": " + r);
    }
  }

  @Test
  void cliVerifyTakesADirectoryOfDocumentsAndRoutes() throws Exception {
    Path configDir = Files.createDirectories(dir.resolve("confdir"));
    Files.copy(layoutsConfig, configDir.resolve("10-layouts.yaml"));
    Files.writeString(configDir.resolve("README.txt"), "not configuration");
    Run valid = cli("verify", "-c", configDir.toString(), "-s", "layouts.test/e2e/valid:v1");
    assertEquals(RatifyCli.VERIFIED, valid.exit(), valid::toString);
    Run expired = cli("verify", "-c", configDir.toString(), "-s", "layouts.test/e2e/expired:v1");
    assertEquals(RatifyCli.NOT_VERIFIED, expired.exit(), expired::toString);
    Run teamA =
        cli(
            "verify",
            "-c",
            configDir.toString(),
            "-n",
            "team-a",
            "-s",
            "layouts.test/e2e/valid:v1");
    assertEquals(RatifyCli.NOT_VERIFIED, teamA.exit(), teamA::toString);
    Run none = cli("verify", "-c", configDir.toString(), "-s", "ghcr.io/e2e/valid:v1");
    assertEquals(RatifyCli.ERROR, none.exit(), none::toString);
    assertTrue(none.err().contains("no executor configured for scope"), none.err());
    Run resolve = cli("resolve", "-c", configDir.toString(), "-s", "layouts.test/e2e/valid:v1");
    assertEquals(RatifyCli.VERIFIED, resolve.exit(), resolve::toString);
    assertTrue(resolve.out().contains("sha256:b8479de3"), resolve.out());
  }

  @Test
  void configCheckPrintsWhatItBuiltAndExitsZero() throws Exception {
    Run r = cli("config", "check", "-c", layoutsConfig.toString());
    assertEquals(RatifyCli.VERIFIED, r.exit(), r::toString);
    assertTrue(r.out().startsWith("configuration OK: 5 executors"), r.out());
    assertTrue(r.out().contains("Executor 'valid'"), r.out());
    assertTrue(r.out().contains("NamespacedExecutor 'team-a/team-a-valid'"), r.out());
    assertTrue(r.out().contains("scopes: layouts.test, *.layouts.test"), r.out());
    assertTrue(r.out().contains("stores: filesystem-oci-store (oci-layout)"), r.out());
    assertTrue(
        r.out().contains("key management providers: notation-1.ca.inline (inline)"), r.out());
    assertTrue(r.out().contains("policy: threshold-policy"), r.out());
    assertTrue(
        r.out()
            .matches(
                "(?s).*maxDepth \\d+, maxReferrers \\d+, maxPages \\d+, maxArtifacts \\d+\n.*"),
        r.out());
  }

  @Test
  void configCheckExitsTwoForAMissingPluginTypeOrABadDocument() throws Exception {
    Path cosign =
        Files.writeString(
            dir.resolve("cosign.yaml"),
            """
            apiVersion: config.ratify.sh/v2alpha1
            kind: Executor
            metadata: {name: cosign-executor}
            spec:
              scopes: [ghcr.io]
              stores: [{type: registry-store, parameters: {credential: {provider: static}}}]
              verifiers:
                - name: cosign-1
                  type: cosign
                  parameters: {trustPolicies: [{certificateIdentity: me}]}
            """);
    Run r = cli("config", "check", "-c", cosign.toString());
    assertEquals(RatifyCli.ERROR, r.exit(), r::toString);
    assertEquals("", r.out());
    assertTrue(r.err().contains("PLUGIN_NOT_FOUND") && r.err().contains("cosign"), r.err());
    assertTrue(r.err().contains("cosign.yaml, document 1 (Executor cosign-executor)"), r.err());

    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            apiVersion: config.ratify.sh/v2alpha1
            kind: Executor
            metadata: {name: no-scopes}
            spec:
              stores: [{type: registry-store, parameters: {credential: {provider: static}}}]
              verifiers: [{name: n, type: notation}]
            """);
    Run b = cli("config", "check", "-c", bad.toString());
    assertEquals(RatifyCli.ERROR, b.exit(), b::toString);
    assertTrue(
        b.err().contains("CONFIG_INVALID") && b.err().contains("field 'spec.scopes'"), b.err());
    Run missing = cli("config", "check", "-c", dir.resolve("absent.yaml").toString());
    assertEquals(RatifyCli.ERROR, missing.exit(), missing::toString);
    Run usage = cli("config", "check");
    assertEquals(RatifyCli.ERROR, usage.exit(), usage::toString);
  }
}
