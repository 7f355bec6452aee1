package io.ratify.notation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.core.config.ConfigLoader;
import io.ratify.notation.NotationVerifierConfig.Action;
import io.ratify.notation.NotationVerifierConfig.Check;
import io.ratify.notation.NotationVerifierConfig.TrustPolicy;
import io.ratify.notation.NotationVerifierConfig.TrustStore;
import io.ratify.notation.NotationVerifierConfig.VerificationLevel;
import io.ratify.notation.NotationVerifierConfig.VerifyTimestamp;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed notation configuration gives what the YAML form gives; typos are refused. */
class NotationVerifierConfigTest {
  @TempDir Path tmp;

  static final String YAML =
      """
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: Verifier
      metadata: {name: verifier-notary}
      spec:
        name: notation
        artifactTypes: application/vnd.cncf.notary.signature
        parameters:
          verificationCertStores:
            ca:
              corp: [corp-ca, corp-ca-2]
            tsa:
              stamps: [tsa-roots]
          trustPolicyDoc:
            version: "1.0"
            trustPolicies:
              - name: prod
                registryScopes: [registry.example/prod/app]
                signatureVerification:
                  level: strict
                  override: {revocation: log}
                  verifyTimestamp: afterCertExpiry
                trustStores: ["ca:corp", "tsa:stamps"]
                trustedIdentities: ["x509.subject: C=US, ST=WA, O=Example, CN=release"]
              - name: everything-else
                registryScopes: ["*"]
                signatureVerification:
                  level: audit
                trustStores: ["ca:corp"]
                trustedIdentities: ["*"]
      """;

  static NotationVerifierConfig typed() throws RatifyException {
    return NotationVerifierConfig.builder()
        .name("verifier-notary")
        .trustStore(TrustStore.ca("corp"), "corp-ca", "corp-ca-2")
        .trustStore(TrustStore.tsa("stamps"), "tsa-roots")
        .trustPolicy(
            TrustPolicy.builder("prod")
                .registryScopes("registry.example/prod/app")
                .level(VerificationLevel.STRICT)
                .override(Check.REVOCATION, Action.LOG)
                .verifyTimestamp(VerifyTimestamp.AFTER_CERT_EXPIRY)
                .trustStores(TrustStore.ca("corp"), TrustStore.tsa("stamps"))
                .trustedIdentities("x509.subject: C=US, ST=WA, O=Example, CN=release")
                .build())
        .trustPolicy(
            TrustPolicy.builder("everything-else")
                .registryScopes("*")
                .level(VerificationLevel.AUDIT)
                .trustStores(TrustStore.ca("corp"))
                .trustedIdentities("*")
                .build())
        .build();
  }

  @Test
  void equalsTheYamlForm() throws Exception {
    PluginConfig y = ConfigLoader.parse(YAML, "typed.yaml").verifiers().get(0);
    PluginConfig t = typed().toPluginConfig();
    assertEquals(y.kind(), t.kind());
    assertEquals(y.name(), t.name());
    assertEquals(y.type(), t.type());
    assertEquals(y.parameters(), t.parameters());
  }

  @Test
  void theVerifierAcceptsWhatItRenders() throws Exception {
    TestContext context =
        new TestContext(Instant.EPOCH, tmp)
            .withCertificates("corp-ca", List.of())
            .withCertificates("corp-ca-2", List.of())
            .withCertificates("tsa-roots", List.of());
    new NotationVerifierFactory().create(typed().toPluginConfig(), context);
  }

  @Test
  void aStoreThePolicyNamesMustBeFilled() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                NotationVerifierConfig.builder()
                    .trustStore(TrustStore.ca("corp"), "corp-ca")
                    .trustPolicy(
                        TrustPolicy.builder("p")
                            .registryScopes("*")
                            .trustStores(TrustStore.ca("crop"))
                            .trustedIdentities("*")
                            .build())
                    .build());
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("ca:crop"), e.getMessage());
  }

  @Test
  void policyNamesAreUniqueAndAPolicyIsRequired() {
    TrustPolicy p = TrustPolicy.builder("p").registryScopes("*").trustedIdentities("*").build();
    assertThrows(
        RatifyException.class,
        () -> NotationVerifierConfig.builder().trustPolicy(p).trustPolicy(p).build());
    assertThrows(RatifyException.class, () -> NotationVerifierConfig.builder().build());
  }

  @Test
  void anUnknownParameterIsRefusedByName() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("verifcationCertStores", Map.of("ca", Map.of("corp", List.of("corp-ca"))));
    params.put("trustPolicyDoc", Map.of("version", "1.0", "trustPolicies", List.of()));
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                new NotationVerifierFactory()
                    .create(
                        PluginConfig.of(PluginKind.VERIFIER, "n", "notation", params),
                        new TestContext(Instant.EPOCH, tmp)));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(
        e.getMessage().contains("'parameters.verifcationCertStores': unknown parameter"),
        e.getMessage());
  }
}
