package io.ratify.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.spi.PluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final String HEADER = "apiVersion: config.ratify.deislabs.io/v1beta1\n";

  static RatifyException invalid(String text) {
    RatifyException e =
        assertThrows(RatifyException.class, () -> ConfigLoader.parse(text, "test.yaml"));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code(), e.getMessage());
    assertTrue(e.getMessage().startsWith("CONFIG_INVALID: test.yaml"), e.getMessage());
    return e;
  }

  @Test
  void seedConfigurationLoadsAsItIs() throws Exception {
    Path file = SharedFolders.examples().resolve("verify-config.yaml");
    RatifyConfig c = ConfigLoader.load(file);
    assertEquals(1, c.keyManagementProviders().size());
    PluginConfig kmp = c.keyManagementProviders().get(0);
    assertEquals("certstore-inline", kmp.name());
    assertEquals("inline", kmp.type());
    assertTrue(
        kmp.requiredString("value")
            .startsWith(
                "-----BEGIN CERTIFICATE-----\nMIIDQzCCAiugAwIBAgIUDxHQ9JxxmnrLWTA5rAtIZCzY8mMw"));
    assertTrue(
        kmp.origin().contains("document 1 (KeyManagementProvider certstore-inline)"), kmp.origin());

    PluginConfig store = c.stores().get(0);
    assertEquals(List.of("store-oras", "oras"), List.of(store.name(), store.type()));
    assertEquals(Map.of(), store.parameters());

    PluginConfig v = c.verifiers().get(0);
    assertEquals(List.of("verifier-notary-inline", "notation"), List.of(v.name(), v.type()));
    assertEquals(List.of("application/vnd.cncf.notary.signature"), v.stringList("artifactTypes"));
    assertEquals(
        Map.of("certs", List.of("certstore-inline")),
        v.map("verificationCertStores").orElseThrow());
    Map<String, Object> doc = v.map("trustPolicyDoc").orElseThrow();
    assertEquals("1.0", doc.get("version"));
    assertEquals(
        List.of(
            Map.of(
                "name", "default",
                "registryScopes", List.of("*"),
                "signatureVerification", Map.of("level", "strict"),
                "trustStores", List.of("ca:certs"),
                "trustedIdentities", List.of("*"))),
        doc.get("trustPolicies"));
    assertTrue(c.policy().isEmpty());
    assertEquals(Duration.ofSeconds(10), c.timeout());
    assertEquals(file.toAbsolutePath().getParent().normalize(), c.baseDirectory());
  }

  @Test
  void ratifyConfigJsonLoads() throws Exception {
    String json =
        """
        { "executor": {"verificationRequestTimeout": 2900, "mutationRequestTimeout": 950},
          "store": {"version": "1.0.0", "plugins": [{"name": "oras", "useHttp": true}]},
          "policy": {"version": "1.0.0", "plugin": {"name": "configPolicy",
              "artifactVerificationPolicies": {"application/vnd.cncf.notary.signature": "any"}}},
          "verifier": {"version": "1.0.0", "plugins": [
            {"name": "notation", "artifactTypes": "application/vnd.cncf.notary.signature",
             "verificationCerts": ["/usr/local/ratify-certs/notation/truststore"]},
            {"name": "sbom", "artifactTypes": "application/spdx+json", "nestedReferences": "application/vnd.cncf.notary.signature"}]},
          "logger": {"formatter": "text"}, "crl": {"cache": {"enabled": true}} }
        """;
    RatifyConfig c = ConfigLoader.parse(json, "config.json");
    assertEquals(Duration.ofMillis(2900), c.timeout());
    assertEquals("oras", c.stores().get(0).type());
    assertEquals(Map.of("useHttp", true), c.stores().get(0).parameters());
    assertEquals(
        List.of("notation", "sbom"), c.verifiers().stream().map(PluginConfig::type).toList());
    assertEquals("application/spdx+json", c.verifiers().get(1).requiredString("artifactTypes"));
    assertEquals("configPolicy", c.policy().orElseThrow().type());
    assertEquals(
        Map.of("application/vnd.cncf.notary.signature", "any"),
        c.policy().orElseThrow().map("artifactVerificationPolicies").orElseThrow());
  }

  @Test
  void builderMakesTheSameModel() throws Exception {
    RatifyConfig c =
        RatifyConfig.builder()
            .keyManagementProvider("certs", "inline", Map.of("value", "x"))
            .store("oras", "oras", Map.of())
            .verifier(
                "n", "notation", Map.of("artifactTypes", "application/vnd.cncf.notary.signature"))
            .policy(
                "threshold-policy",
                Map.of("policy", Map.of("rules", List.of(Map.of("verifierName", "n")))))
            .timeout(Duration.ofSeconds(3))
            .concurrency(8)
            .maxDepth(1)
            .build();
    assertEquals(8, c.concurrency());
    assertEquals(1, c.maxDepth());
    RatifyConfig replaced =
        c.toBuilder()
            .replaceStores(
                PluginConfig.of(io.ratify.spi.PluginKind.STORE, "layout", "oci-layout", Map.of()))
            .build();
    assertEquals(List.of("layout"), replaced.stores().stream().map(PluginConfig::name).toList());
    for (RatifyConfig.Builder bad :
        List.of(
            RatifyConfig.builder().verifier("n", "a", Map.of()).verifier("n", "b", Map.of()),
            RatifyConfig.builder().concurrency(0),
            RatifyConfig.builder().maxDepth(-1),
            RatifyConfig.builder().timeout(Duration.ofDays(2)),
            RatifyConfig.builder().store(" ", "oras", Map.of()))) {
      assertEquals(
          ErrorCode.CONFIG_INVALID, assertThrows(RatifyException.class, bad::build).code());
    }
  }

  @Test
  void typeAliasesAndCrdFieldsAreMapped() throws Exception {
    RatifyConfig c =
        ConfigLoader.parse(
            HEADER
                + """
        kind: Verifier
        metadata: {name: v1}
        spec: {name: notation, type: notation, artifactTypes: [a, b], parameters: {x: 1}}
        ---
        apiVersion: config.ratify.deislabs.io/v1alpha1
        kind: Store
        metadata: {name: s}
        spec: {name: oras, parameters: {useHttp: true}}
        ---
        """
                + HEADER
                + """
        kind: Policy
        metadata: {name: ratify-policy}
        spec: {type: config-policy, parameters: {artifactVerificationPolicies: {default: any}}}
        ---
        """
                + HEADER
                + """
        kind: KeyManagementProvider
        metadata: {name: k}
        spec: {type: inline, refreshInterval: 1h, parameters: {contentType: key, value: v}}
        """,
            "test.yaml");
    assertEquals(
        Map.of("x", 1, "artifactTypes", List.of("a", "b")), c.verifiers().get(0).parameters());
    assertEquals("config-policy", c.policy().orElseThrow().type());
    assertEquals("1h", c.keyManagementProviders().get(0).parameters().get("refreshInterval"));
  }

  @Test
  void malformedYamlNamesDocumentAndLine() {
    RatifyException e = invalid(HEADER + "kind: Store\nmetadata: {name: s}\nspec: {name: oras\n");
    assertTrue(e.getMessage().contains("document 1"), e.getMessage());
    assertTrue(e.getMessage().contains("line"), e.getMessage());
    RatifyException second =
        invalid(
            HEADER
                + "kind: Store\nmetadata: {name: s}\nspec: {name: oras}\n---\n"
                + HEADER
                + "kind: [\n");
    assertTrue(second.getMessage().contains("document 2"), second.getMessage());
  }

  @Test
  void malformedJsonNamesLine() {
    RatifyException e = invalid("{\"store\": {\"plugins\": [}\n");
    assertTrue(e.getMessage().contains("not valid JSON at line 1"), e.getMessage());
    assertTrue(invalid("{\"store\": 1, \"store\": 2}").getMessage().contains("Duplicate"));
    assertTrue(invalid("{\"stores\": {}}").getMessage().contains("field 'stores'"));
    assertTrue(
        invalid(
                "{\"store\": {\"plugins\": [{\"useHttp\": true}]}, \"verifier\": {\"plugins\": []}}")
            .getMessage()
            .contains("field 'store.plugins[0].name': is required"));
    assertTrue(
        invalid(
                "{\"store\": {\"plugins\": []}, \"verifier\": {\"plugins\": []}, \"executor\": {\"verificationRequestTimeout\": \"3s\"}}")
            .getMessage()
            .contains("executor.verificationRequestTimeout': expected an integer"));
  }

  @Test
  void numbersOutOfRangeAreRefusedInJsonAsInYaml() {
    String prefix = "{\"store\": {\"plugins\": [{\"name\": \"oras\", \"big\": ";
    String suffix = "}]}, \"verifier\": {\"plugins\": []}}";
    assertTrue(
        invalid(prefix + "1e999" + suffix).getMessage().contains("field 'store.plugins[0].big'"),
        "an infinite double");
    assertTrue(
        invalid(prefix + "-1e999" + suffix).getMessage().contains("field 'store.plugins[0].big'"),
        "an infinite double");
    assertTrue(
        invalid(prefix + "123456789012345678901234567890" + suffix)
            .getMessage()
            .contains("integer out of range"));
    assertTrue(
        invalid(
                HEADER
                    + "kind: Store\nmetadata: {name: s}\nspec: {name: oras, parameters: {big: 1e999}}\n")
            .getMessage()
            .contains("infinite"));
  }

  @Test
  void unknownKindsVersionsAndFieldsAreRejected() {
    assertTrue(
        invalid(HEADER + "kind: Mutator\nmetadata: {name: m}\nspec: {}\n")
            .getMessage()
            .contains("document 1 (Mutator m): field 'kind': unknown kind 'Mutator'"));
    assertTrue(
        invalid(
                "apiVersion: config.ratify.deislabs.io/v2\nkind: Store\nmetadata: {name: s}\nspec: {name: oras}\n")
            .getMessage()
            .contains("field 'apiVersion'"));
    assertTrue(
        invalid(
                """
                apiVersion: config.ratify.deislabs.io/v1alpha1
                kind: KeyManagementProvider
                metadata: {name: k}
                spec: {type: inline}
                """)
            .getMessage()
            .contains("exists only in config.ratify.deislabs.io/v1beta1"));
    assertTrue(
        invalid(HEADER + "kind: Store\nmetadata: {name: s}\nspec: {name: oras, paramters: {}}\n")
            .getMessage()
            .contains("field 'spec.paramters': unknown field"));
    assertTrue(
        invalid(HEADER + "kind: Store\nmetadata: {name: s}\nspec: {name: oras, address: /bin/x}\n")
            .getMessage()
            .contains("external plugin"));
  }

  @Test
  void missingAndMistypedFieldsAreNamed() {
    assertTrue(
        invalid(HEADER + "kind: Store\nspec: {name: oras}\n")
            .getMessage()
            .contains("field 'metadata': is required"));
    assertTrue(
        invalid(HEADER + "kind: Store\nmetadata: {name: s}\n")
            .getMessage()
            .contains("(Store s): field 'spec': is required"));
    assertTrue(
        invalid(HEADER + "kind: Store\nmetadata: {name: s}\nspec: {version: '1'}\n")
            .getMessage()
            .contains("field 'spec.type': is required"));
    assertTrue(
        invalid(HEADER + "kind: Verifier\nmetadata: {name: v}\nspec: {name: notation}\n")
            .getMessage()
            .contains("field 'spec.artifactTypes': is required"));
    assertTrue(
        invalid(
                HEADER
                    + "kind: Verifier\nmetadata: {name: v}\nspec: {name: notation, artifactTypes: {a: b}}\n")
            .getMessage()
            .contains("expected a string (comma-separated) or a list of strings, got a map"));
    assertTrue(
        invalid(HEADER + "kind: Store\nmetadata: {name: [x]}\nspec: {name: oras}\n")
            .getMessage()
            .contains("field 'metadata.name': expected a string, got a list"));
    assertTrue(
        invalid(HEADER + "kind: Store\nmetadata: {name: s}\nspec: {name: oras, parameters: [1]}\n")
            .getMessage()
            .contains("field 'spec.parameters': expected a mapping of parameters, got a list"));
    assertTrue(invalid("- just\n- a list\n").getMessage().contains("expected a resource"));
    assertTrue(
        invalid(
                HEADER
                    + "kind: Store\nmetadata: {name: s}\nspec: {name: oras}\n---\n"
                    + HEADER
                    + "kind: Store\nmetadata: {name: s}\nspec: {name: oras}\n")
            .getMessage()
            .contains("two Store plugins are named 's'"));
    assertTrue(invalid("# only a comment\n").getMessage().contains("no configuration resources"));
    assertTrue(invalid("  \n").getMessage().contains("empty"));
  }

  @Test
  void unsafeYamlIsRefused() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(prev)
          .append(", *")
          .append(prev)
          .append(", *")
          .append(prev)
          .append(", *")
          .append(prev)
          .append(", *")
          .append(prev)
          .append(", *")
          .append(prev)
          .append(", *")
          .append(prev)
          .append("]\n");
    }
    assertTrue(invalid(bomb.toString()).getMessage().toLowerCase(Locale.ROOT).contains("aliases"));
    assertTrue(
        invalid(HEADER + "kind: !!javax.script.ScriptEngineManager [x]\n")
            .getMessage()
            .contains("document 1"));
    assertTrue(
        invalid(HEADER + "kind: Store\nkind: Verifier\n").getMessage().contains("duplicate key"));
    assertTrue(
        invalid("a: " + "[".repeat(200) + "]".repeat(200) + "\n")
            .getMessage()
            .toLowerCase(Locale.ROOT)
            .contains("nesting"));
    assertTrue(
        invalid(
                HEADER
                    + "kind: Store\nmetadata: {name: s}\nspec: {name: oras, parameters: {1: x}}\n")
            .getMessage()
            .contains("keys must be strings"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aliasesThatStayUnderTheirCountButExpandExponentiallyAreRefused() {
    // 2 aliases per level: 48 aliases in all, under the alias bound, yet 2^24 copies of the first
    // list once expanded
    StringBuilder bomb =
        new StringBuilder(
            HEADER + "kind: Store\nmetadata: {name: s}\nspec:\n  name: oras\n  parameters:\n");
    bomb.append("    l0: &l0 [x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 24; i++) {
      bomb.append("    l")
          .append(i)
          .append(": &l")
          .append(i)
          .append(" [*l")
          .append(i - 1)
          .append(", *l")
          .append(i - 1)
          .append("]\n");
    }
    assertTrue(
        invalid(bomb.toString()).getMessage().contains("expands"), "refused for its expanded size");
    // a big scalar repeated through aliases is bounded the same way
    StringBuilder wide =
        new StringBuilder(
            HEADER + "kind: Store\nmetadata: {name: s}\nspec:\n  name: oras\n  parameters:\n");
    wide.append("    big: &big '").append("y".repeat(100_000)).append("'\n    copies: [");
    for (int i = 0; i < 100; i++) {
      wide.append("*big, ");
    }
    wide.append("*big]\n");
    assertTrue(
        invalid(wide.toString()).getMessage().contains("expands"), "refused for its expanded size");
  }

  @Test
  void orderedMapTagsCannotSmuggleDuplicateKeys() {
    String spec = HEADER + "kind: Store\nmetadata: {name: s}\nspec:\n  name: oras\n  parameters:\n";
    RatifyException omap =
        invalid(spec + "    useHttp: !!omap [{useHttp: false}, {useHttp: true}]\n");
    assertTrue(omap.getMessage().contains("omap"), omap.getMessage());
    assertTrue(invalid(spec + "    x: !!pairs [a: 1, a: 2]\n").getMessage().contains("pairs"));
    assertTrue(invalid(spec + "    x: !!set {a, b}\n").getMessage().contains("set"));
  }

  @Test
  void aFewAliasesStillWork() throws Exception {
    RatifyConfig c =
        ConfigLoader.parse(
            HEADER
                + "kind: Store\nmetadata: {name: s}\nspec:\n  name: oras\n  parameters:\n"
                + "    base: &b {useHttp: true}\n    again: *b\n",
            "test.yaml");
    assertEquals(Map.of("useHttp", true), c.stores().get(0).parameters().get("again"));
  }

  @Test
  void hugeDocumentsAreRefusedBeforeParsing(@TempDir Path dir) throws Exception {
    String huge =
        HEADER
            + "kind: Store\nmetadata: {name: s}\nspec:\n  name: oras\n  parameters:\n    blob: '"
            + "x".repeat(1 << 21)
            + "'\n";
    assertTrue(invalid(huge).getMessage().contains("more than the limit"));
    Path f = dir.resolve("big.yaml");
    Files.writeString(f, huge);
    RatifyException e = assertThrows(RatifyException.class, () -> ConfigLoader.load(f));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("bytes, more than the limit"), e.getMessage());
    RatifyException missing =
        assertThrows(RatifyException.class, () -> ConfigLoader.load(dir.resolve("absent.yaml")));
    assertEquals(ErrorCode.CONFIG_INVALID, missing.code());
    Path binary = dir.resolve("bin.yaml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
    assertTrue(
        assertThrows(RatifyException.class, () -> ConfigLoader.load(binary))
            .getMessage()
            .contains("not UTF-8"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aFileWithoutAKnownSizeIsReadOnlyUpToTheLimit() {
    // devices, pipes and /dev/stdin report size 0: the size check alone does not bound the read
    Path endless = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(endless), "needs /dev/zero");
    RatifyException e = assertThrows(RatifyException.class, () -> ConfigLoader.load(endless));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("more than the limit"), e.getMessage());
  }

  @Test
  void datesStayStrings() throws Exception {
    RatifyConfig c =
        ConfigLoader.parse(
            HEADER
                + "kind: Store\nmetadata: {name: s}\nspec: {name: oras, parameters: {since: 2023-05-08}}\n",
            "test.yaml");
    assertEquals("2023-05-08", c.stores().get(0).parameters().get("since"));
  }
}
