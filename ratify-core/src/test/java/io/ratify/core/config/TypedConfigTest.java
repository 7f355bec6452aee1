package io.ratify.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.core.config.ConfigPolicyConfig.Mode;
import io.ratify.core.config.ThresholdPolicyConfig.Rule;
import io.ratify.core.internal.kmp.InlineKeyManagementProviderFactory;
import io.ratify.core.internal.plugins.DefaultPluginContext;
import io.ratify.core.internal.policy.ConfigPolicyFactory;
import io.ratify.core.internal.policy.ThresholdPolicyFactory;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed configurations of ratify-core give what the YAML form gives; typos are refused. */
class TypedConfigTest {
  static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  /** The plugin of {@code kind} in a one-document YAML configuration. */
  static PluginConfig yaml(PluginKind kind, String doc) throws RatifyException {
    RatifyConfig c = ConfigLoader.parse(doc, "typed.yaml");
    return switch (kind) {
      case KEY_MANAGEMENT_PROVIDER -> c.keyManagementProviders().get(0);
      case STORE -> c.stores().get(0);
      case VERIFIER -> c.verifiers().get(0);
      case POLICY -> c.policy().orElseThrow();
    };
  }

  /** One model: everything but where it was read from is equal. */
  static void assertSameModel(PluginConfig fromYaml, PluginConfig typed) {
    assertEquals(fromYaml.kind(), typed.kind());
    assertEquals(fromYaml.name(), typed.name());
    assertEquals(fromYaml.type(), typed.type());
    assertEquals(fromYaml.parameters(), typed.parameters());
  }

  @Test
  void inlineCertificatesEqualTheYamlForm() throws Exception {
    PluginConfig y =
        yaml(
            PluginKind.KEY_MANAGEMENT_PROVIDER,
            """
            apiVersion: config.ratify.deislabs.io/v1beta1
            kind: KeyManagementProvider
            metadata: {name: trusted-ca}
            spec:
              type: inline
              parameters:
                contentType: certificate
                value: |
                  -----BEGIN CERTIFICATE-----
                  MIIB
                  -----END CERTIFICATE-----
            """);
    assertSameModel(y, InlineKeyProviderConfig.certificates("trusted-ca", PEM).toPluginConfig());
  }

  @Test
  void inlineRefusesBlankValues() {
    RatifyException e =
        assertThrows(RatifyException.class, () -> InlineKeyProviderConfig.publicKey("k", " "));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
  }

  @Test
  void configPolicyEqualsTheYamlForm() throws Exception {
    PluginConfig y =
        yaml(
            PluginKind.POLICY,
            """
            apiVersion: config.ratify.deislabs.io/v1beta1
            kind: Policy
            metadata: {name: config-policy}
            spec:
              type: config-policy
              parameters:
                artifactVerificationPolicies:
                  application/vnd.cncf.notary.signature: any
                  application/spdx+json: all
                  default: all
            """);
    ConfigPolicyConfig typed =
        ConfigPolicyConfig.builder()
            .artifactType("application/vnd.cncf.notary.signature", Mode.ANY)
            .artifactType("application/spdx+json", Mode.ALL)
            .defaultMode(Mode.ALL)
            .build();
    assertSameModel(y, typed.toPluginConfig());
  }

  @Test
  void configPolicyRefusesDefaultAsAnArtifactType() {
    assertThrows(
        RatifyException.class,
        () -> ConfigPolicyConfig.builder().artifactType("default", Mode.ANY).build());
  }

  @Test
  void thresholdPolicyEqualsTheYamlForm() throws Exception {
    PluginConfig y =
        yaml(
            PluginKind.POLICY,
            """
            apiVersion: config.ratify.deislabs.io/v1beta1
            kind: Policy
            metadata: {name: threshold-policy}
            spec:
              type: threshold-policy
              parameters:
                policy:
                  rules:
                    - verifierName: notation
                    - verifierName: sbom-check
                      threshold: 1
                      rules:
                        - verifierName: notation
                        - verifierName: cosign
            """);
    ThresholdPolicyConfig typed =
        ThresholdPolicyConfig.of(
            Rule.all(
                Rule.verifier("notation"),
                new Rule(
                    java.util.Optional.of("sbom-check"),
                    1,
                    List.of(Rule.verifier("notation"), Rule.verifier("cosign")))));
    assertSameModel(y, typed.toPluginConfig());
    // and the policy accepts what the typed form renders
    new ThresholdPolicyFactory().create(typed.toPluginConfig(), null);
  }

  @Test
  void thresholdPolicyChecksTheTree() {
    assertThrows(
        RatifyException.class, () -> ThresholdPolicyConfig.of(Rule.verifier("root-names-one")));
    assertThrows(
        RatifyException.class,
        () -> ThresholdPolicyConfig.of(Rule.atLeast(2, Rule.verifier("only-one"))));
    assertThrows(
        RatifyException.class, () -> ThresholdPolicyConfig.of(Rule.all(Rule.verifier(" "))));
  }

  @Test
  void builderAcceptsTypedConfigurations() throws Exception {
    RatifyConfig c =
        RatifyConfig.builder()
            .plugins(
                InlineKeyProviderConfig.certificates("ca", PEM),
                ConfigPolicyConfig.builder().defaultMode(Mode.ANY).build())
            .build();
    assertEquals("ca", c.keyManagementProviders().get(0).name());
    assertEquals("config-policy", c.policy().orElseThrow().type());
  }

  @Test
  void everyCorePluginRefusesAnUnknownParameter() {
    DefaultPluginContext context =
        new DefaultPluginContext(Map.of(), Clock.systemUTC(), Path.of("."));
    Map<String, Object> inline = new LinkedHashMap<>();
    inline.put("contentType", "certificate");
    inline.put("value", PEM);
    inline.put("contnetType", "key");
    assertUnknown(
        "contnetType",
        () ->
            new InlineKeyManagementProviderFactory()
                .create(
                    PluginConfig.of(PluginKind.KEY_MANAGEMENT_PROVIDER, "k", "inline", inline),
                    context));
    assertUnknown(
        "artifactVerificationPolicy",
        () ->
            new ConfigPolicyFactory()
                .create(
                    PluginConfig.of(
                        PluginKind.POLICY,
                        "p",
                        "config-policy",
                        Map.of("artifactVerificationPolicy", Map.of())),
                    context));
    assertUnknown(
        "polciy",
        () ->
            new ThresholdPolicyFactory()
                .create(
                    PluginConfig.of(
                        PluginKind.POLICY, "p", "threshold-policy", Map.of("polciy", Map.of())),
                    context));
  }

  interface Creation {
    Object run() throws RatifyException;
  }

  static void assertUnknown(String field, Creation c) {
    RatifyException e = assertThrows(RatifyException.class, c::run);
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(
        e.getMessage().contains("'parameters." + field + "': unknown parameter"), e.getMessage());
  }
}
