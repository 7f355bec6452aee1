package io.ratify.notation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Verifier;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.VerifierFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotationVerifierFactoryTest {
  @TempDir Path tmp;

  static Map<String, Object> seedPolicy() {
    return Map.of(
        "version",
        "1.0",
        "trustPolicies",
        List.of(
            Map.of(
                "name",
                "default",
                "registryScopes",
                List.of("*"),
                "signatureVerification",
                Map.of("level", "strict"),
                "trustStores",
                List.of("ca:certs"),
                "trustedIdentities",
                List.of("*"))));
  }

  private Verifier create(Map<String, Object> params, TestContext ctx) throws RatifyException {
    return new NotationVerifierFactory()
        .create(
            PluginConfig.of(PluginKind.VERIFIER, "verifier-notary-inline", "notation", params),
            ctx);
  }

  private RatifyException invalid(Map<String, Object> params) {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                create(
                    params,
                    new TestContext(Instant.EPOCH, tmp)
                        .withCertificates("certstore-inline", List.of())));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    return e;
  }

  @Test
  void isRegisteredAsTheNotationType() {
    assertTrue(
        ServiceLoader.load(VerifierFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .anyMatch(f -> f.type().equals("notation") && f instanceof NotationVerifierFactory));
  }

  @Test
  void seedConfigurationShapeLoads() throws Exception {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("artifactTypes", "application/vnd.cncf.notary.signature");
    params.put("verificationCertStores", Map.of("certs", List.of("certstore-inline")));
    params.put("trustPolicyDoc", seedPolicy());
    Verifier v =
        create(
            params,
            new TestContext(Instant.EPOCH, tmp).withCertificates("certstore-inline", List.of()));
    assertEquals("notation", v.type());
    assertEquals("verifier-notary-inline", v.name());
    Descriptor sig = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[0]), 0);
    assertTrue(v.verifiable(sig.withArtifactType(MediaTypes.NOTARY_SIGNATURE)));
    assertFalse(v.verifiable(sig.withArtifactType("application/spdx+json")));
    assertFalse(v.verifiable(sig));
  }

  @Test
  void artifactTypesAcceptCommaListsAndLists() throws Exception {
    Descriptor sig = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[0]), 0);
    for (Object types : List.of("a/b, c/d", List.of("a/b", "c/d"))) {
      Verifier v =
          create(
              Map.of("artifactTypes", types, "trustPolicyDoc", seedPolicy()),
              new TestContext(Instant.EPOCH, tmp));
      assertTrue(v.verifiable(sig.withArtifactType("c/d")));
      assertFalse(v.verifiable(sig.withArtifactType(MediaTypes.NOTARY_SIGNATURE)));
    }
  }

  @Test
  void configurationErrorsNameTheField() {
    assertTrue(invalid(Map.of()).getMessage().contains("parameters.trustPolicyDoc': is required"));
    assertTrue(
        invalid(Map.of("trustPolicyDoc", 5)).getMessage().contains("parameters.trustPolicyDoc"));
    assertTrue(
        invalid(Map.of("trustPolicyDoc", "missing.json"))
            .getMessage()
            .contains("trust policy is not present"));
    assertTrue(
        invalid(Map.of("trustPolicyDoc", Map.of("version", "1.0")))
            .getMessage()
            .contains("oci trust policy document can not have zero trust policy statements"));

    RatifyException mixed =
        invalid(
            Map.of(
                "trustPolicyDoc",
                seedPolicy(),
                "verificationCertStores",
                new LinkedHashMap<>(
                    Map.of(
                        "ca",
                        Map.of("a", List.of("certstore-inline")),
                        "legacy",
                        List.of("certstore-inline")))));
    assertTrue(
        mixed.getMessage().contains("parameters.verificationCertStores': mixes the typed form"),
        mixed.getMessage());

    RatifyException unknown =
        invalid(
            Map.of(
                "trustPolicyDoc",
                seedPolicy(),
                "verificationCertStores",
                Map.of("certs", List.of("nope"))));
    assertTrue(
        unknown
            .getMessage()
            .contains(
                "names key management provider 'nope', which is not configured; known: [certstore-inline]"),
        unknown.getMessage());

    assertTrue(
        invalid(
                Map.of(
                    "trustPolicyDoc",
                    seedPolicy(),
                    "verificationCertStores",
                    Map.of("certs", "certstore-inline")))
            .getMessage()
            .contains("parameters.verificationCertStores"));
    assertTrue(
        invalid(
                Map.of(
                    "trustPolicyDoc",
                    seedPolicy(),
                    "verificationCertStores",
                    Map.of("ca", Map.of("bad name!", List.of("x")))))
            .getMessage()
            .contains("must match [a-zA-Z0-9_.-]+"));
    assertTrue(
        invalid(
                Map.of(
                    "trustPolicyDoc", seedPolicy(), "verificationCerts", List.of("does/not/exist")))
            .getMessage()
            .contains("parameters.verificationCerts': path 'does/not/exist' does not exist"));
  }

  @Test
  void ratifyTrustPolicyFiles() throws Exception {
    create(
        Map.of(
            "trustPolicyDoc",
            SharedFolders.vectors("ratify/test/testdata/valid_trust_policy.json").toString()),
        new TestContext(Instant.EPOCH, tmp));
    assertTrue(
        invalid(
                Map.of(
                    "trustPolicyDoc",
                    SharedFolders.vectors("ratify/test/testdata/invalid_trust_policy.json")
                        .toString()))
            .getMessage()
            .contains("oci trust policy document can not have zero trust policy statements"));
  }
}
