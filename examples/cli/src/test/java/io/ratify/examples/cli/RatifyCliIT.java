package io.ratify.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.MediaTypes;
import io.ratify.api.testing.TestPki;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.examples.cli.internal.SeedConfig;
import io.ratify.examples.server.testing.SignedImages;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed scenario end to end, through the packaged jar in a fresh JVM: a real {@code
 * docker-registry} over TLS (a test CA the JVM trusts through {@code -Djavax.net.ssl.trustStore}),
 * an image signed by the project's signer.
 */
class RatifyCliIT {
  private static final String REPO = "demo/app";
  private static final char[] STORE_PASSWORD = "changeit".toCharArray();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static LocalRegistry registry;
  static List<String> jvm;
  static Path trustedConfig;
  static Path seedConfig;
  static Path caPemFile;

  @BeforeAll
  static void startRegistryAndSign() throws Exception {
    TestPki.Issued tls = TestPki.tlsServer("127.0.0.1");
    registry = LocalRegistry.start(new LocalRegistry.Options().tls(tls));
    Path trustStore = tls.writeTrustStore(dir.resolve("truststore.p12"), STORE_PASSWORD);
    jvm =
        List.of(
            "-Djavax.net.ssl.trustStore=" + trustStore,
            "-Djavax.net.ssl.trustStorePassword=" + new String(STORE_PASSWORD),
            "-Djavax.net.ssl.trustStoreType=PKCS12");
    RegistryPusher push = new RegistryPusher(registry, Optional.empty());

    Descriptor signed = push.pushImage(REPO, "signed", "layer of the signed image");
    push.pushImage(REPO, "unsigned", "layer of the unsigned image");

    CertificateAuthority ca =
        CertificateAuthority.root("CN=CLI Test CA,O=Ratify for Java", KeySpec.RSA_3072);
    IssuedCertificate leaf =
        ca.codeSigningLeaf("CN=cli.signer,O=Ratify for Java", KeySpec.RSA_3072);
    SignedImages.sign(push, REPO, signed, leaf, EnvelopeFormat.COSE);

    trustedConfig =
        Files.writeString(
            dir.resolve("trusted.yaml"), SeedConfig.withInlineCertificate(ca.certificate()));
    caPemFile =
        Files.writeString(
            dir.resolve("ca.pem"),
            "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(ca.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    seedConfig = seedConfigFile();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static Path seedConfigFile() {
    return SharedFolders.examples().resolve("verify-config.yaml");
  }

  private String subject(String tag) {
    return registry.host() + "/" + REPO + ":" + tag;
  }

  @Test
  void signedImageVerifiesWithItsCertificateInline() throws Exception {
    RatifyJar.Run run =
        RatifyJar.run(jvm, "verify", "-c", trustedConfig.toString(), "-s", subject("signed"));
    assertEquals(RatifyCli.VERIFIED, run.exitCode(), run::toString);
    JsonNode report = JSON.readTree(run.out());
    assertTrue(report.get("isSuccess").asBoolean(), run::toString);
    JsonNode first = report.get("verifierReports").get(0);
    assertEquals("verifier-notary-inline", first.get("verifierName").asText());
    assertEquals(MediaTypes.NOTARY_SIGNATURE, first.get("artifactType").asText());
    assertTrue(
        first.get("extensions").get("Issuer").asText().contains("CLI Test CA"), run::toString);
  }

  @Test
  void unsignedImageIsNotVerified() throws Exception {
    RatifyJar.Run run =
        RatifyJar.run(jvm, "verify", "-c", trustedConfig.toString(), "-s", subject("unsigned"));
    assertEquals(RatifyCli.NOT_VERIFIED, run.exitCode(), run::toString);
    JsonNode report = JSON.readTree(run.out());
    assertFalse(report.get("isSuccess").asBoolean());
    assertTrue(
        report
            .get("verifierReports")
            .get(0)
            .get("errorReason")
            .asText()
            .startsWith("No verification results for the artifact"),
        run::toString);
  }

  @Test
  void seedConfigurationAsItIsDoesNotTrustOurSigner() throws Exception {
    RatifyJar.Run run =
        RatifyJar.run(jvm, "verify", "-c", seedConfig.toString(), "-s", subject("signed"));
    assertEquals(RatifyCli.NOT_VERIFIED, run.exitCode(), run::toString);
    JsonNode first = JSON.readTree(run.out()).get("verifierReports").get(0);
    assertFalse(first.get("isSuccess").asBoolean());
    assertTrue(
        first.get("message").asText().toLowerCase(Locale.ROOT).contains("authenticity")
            || first.get("errorReason").asText().toLowerCase(Locale.ROOT).contains("trusted"),
        run::toString);
  }

  @Test
  void ratifyConfigJsonWithCertificateFilesWorksToo() throws Exception {
    Path json =
        Files.writeString(
            dir.resolve("config.json"),
            """
        {
          "executor": {"verificationRequestTimeout": 20000},
          "store": {"version": "1.0.0", "plugins": [{"name": "oras"}]},
          "policy": {"version": "1.0.0", "plugin": {"name": "configPolicy",
              "artifactVerificationPolicies": {"application/vnd.cncf.notary.signature": "any"}}},
          "verifier": {"version": "1.0.0", "plugins": [{"name": "notation",
              "artifactTypes": "application/vnd.cncf.notary.signature",
              "verificationCerts": ["%s"],
              "trustPolicyDoc": {"version": "1.0", "trustPolicies": [{"name": "default", "registryScopes": ["*"],
                  "signatureVerification": {"level": "strict"}, "trustStores": ["ca:certs"], "trustedIdentities": ["*"]}]}}]}
        }
        """
                .formatted(caPemFile.toString().replace("\\", "\\\\")));
    RatifyJar.Run signed =
        RatifyJar.run(jvm, "verify", "-c", json.toString(), "-s", subject("signed"));
    assertEquals(RatifyCli.VERIFIED, signed.exitCode(), signed::toString);
    RatifyJar.Run unsigned =
        RatifyJar.run(jvm, "verify", "-c", json.toString(), "-s", subject("unsigned"));
    assertEquals(RatifyCli.NOT_VERIFIED, unsigned.exitCode(), unsigned::toString);
  }

  @Test
  void textOutputIsReadable() throws Exception {
    RatifyJar.Run run =
        RatifyJar.run(
            jvm, "verify", "-c", trustedConfig.toString(), "-s", subject("signed"), "-o", "text");
    assertEquals(RatifyCli.VERIFIED, run.exitCode(), run::toString);
    assertTrue(run.out().contains("verifier-notary-inline"), run::toString);
  }

  @Test
  void misspeltVerifierTypeIsAConfigurationErrorNamingTheKnownTypes() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("misspelt.yaml"),
            Files.readString(trustedConfig).replace("  name: notation", "  name: notaton"));
    RatifyJar.Run run = RatifyJar.run(jvm, "verify", "-c", bad.toString(), "-s", subject("signed"));
    assertEquals(RatifyCli.ERROR, run.exitCode(), run::toString);
    assertTrue(run.err().contains("notaton") && run.err().contains("notation"), run::toString);
  }

  @Test
  void unknownHostIsAnError() throws Exception {
    RatifyJar.Run run =
        RatifyJar.run(
            jvm, "verify", "-c", trustedConfig.toString(), "-s", "registry.invalid/app:v1");
    assertEquals(RatifyCli.ERROR, run.exitCode(), run::toString);
    assertTrue(run.err().contains("registry.invalid"), run::toString);
  }

  @Test
  void resolvePrintsTheDigestReference() throws Exception {
    RatifyJar.Run run =
        RatifyJar.run(
            jvm, "resolve", "-c", trustedConfig.toString(), "-s", subject("signed"), "-o", "text");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().trim().matches(".*/demo/app@sha256:[0-9a-f]{64}"), run::toString);
  }

  @Test
  void discoverListsTheSignature() throws Exception {
    RatifyJar.Run run =
        RatifyJar.run(jvm, "discover", "-c", trustedConfig.toString(), "-s", subject("signed"));
    assertEquals(0, run.exitCode(), run::toString);
    JsonNode refs = JSON.readTree(run.out()).get("referrers");
    assertEquals(1, refs.size(), run::toString);
    assertEquals(MediaTypes.NOTARY_SIGNATURE, refs.get(0).get("artifactType").asText());
    assertTrue(refs.get(0).get("digest").asText().startsWith("sha256:"));
  }

  @Test
  void demoRunsOfflineAndShowsThreeOutcomes() throws Exception {
    RatifyJar.Run run = RatifyJar.run(List.of(), "demo");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("signed") && run.out().contains("-> VERIFIED"), run::toString);
    assertTrue(run.out().contains("unsigned") && run.out().contains("tampered"), run::toString);
    assertEquals(2, run.out().split("-> NOT VERIFIED", -1).length - 1, run::toString);
  }
}
