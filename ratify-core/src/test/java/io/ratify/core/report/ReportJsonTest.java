package io.ratify.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.VerifierReport;
import io.ratify.core.Executor;
import io.ratify.core.FakeVerifier;
import io.ratify.core.testing.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
  static final Digest SUBJECT = Digest.sha256("subject".getBytes(StandardCharsets.UTF_8));
  static final Digest SBOM = Digest.sha256("sbom".getBytes(StandardCharsets.UTF_8));
  static final Digest SIG = Digest.sha256("sig".getBytes(StandardCharsets.UTF_8));

  static ValidationResult sample() {
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("Issuer", "CN=ratify-bats-test,O=Notary");
    ext.put("SN", "CN=ratify-bats-test,O=Notary");
    ext.put("chain", List.of(1, true, "x"));
    VerifierReport nested =
        new VerifierReport(
            "registry:5000/sbom@" + SBOM,
            Optional.of(SIG),
            Optional.of(MediaTypes.NOTARY_SIGNATURE),
            Optional.of("notation-verifier-1"),
            Optional.of("notation"),
            VerificationResult.failure(
                ErrorCode.SIGNATURE_EXPIRED,
                "signature verification failed",
                "certificate expired",
                Optional.of("renew the certificate"),
                ext),
            List.of());
    VerifierReport top =
        new VerifierReport(
            "registry:5000/sbom@" + SUBJECT,
            Optional.of(SBOM),
            Optional.of("org.example.sbom.v0"),
            Optional.of("sbom-verifier-1"),
            Optional.empty(),
            new VerificationResult(
                false,
                "nested verification failed",
                Optional.of(ErrorCode.VERIFY_REFERENCE_FAILURE),
                Optional.empty(),
                Optional.empty(),
                Map.of()),
            List.of(nested));
    return new ValidationResult(
        false,
        "registry:5000/sbom@" + SUBJECT,
        Optional.of(Descriptor.of(MediaTypes.OCI_MANIFEST, SUBJECT, 10)),
        List.of(top),
        List.of("denied"));
  }

  @Test
  void goldenShapeAndFieldOrder() {
    String expected =
        "{\n"
            + "  \"version\": \"0.2.0\",\n"
            + "  \"isSuccess\": false,\n"
            + "  \"verifierReports\": [\n"
            + "    {\n"
            + "      \"subject\": \"registry:5000/sbom@"
            + SUBJECT
            + "\",\n"
            + "      \"isSuccess\": false,\n"
            + "      \"verifierName\": \"sbom-verifier-1\",\n"
            + "      \"referenceDigest\": \""
            + SBOM
            + "\",\n"
            + "      \"artifactType\": \"org.example.sbom.v0\",\n"
            + "      \"message\": \"nested verification failed\",\n"
            + "      \"nestedResults\": [\n"
            + "        {\n"
            + "          \"subject\": \"registry:5000/sbom@"
            + SBOM
            + "\",\n"
            + "          \"isSuccess\": false,\n"
            + "          \"verifierName\": \"notation-verifier-1\",\n"
            + "          \"verifierType\": \"notation\",\n"
            + "          \"referenceDigest\": \""
            + SIG
            + "\",\n"
            + "          \"artifactType\": \"application/vnd.cncf.notary.signature\",\n"
            + "          \"message\": \"signature verification failed\",\n"
            + "          \"errorReason\": \"certificate expired\",\n"
            + "          \"remediation\": \"renew the certificate\",\n"
            + "          \"extensions\": {\n"
            + "            \"Issuer\": \"CN=ratify-bats-test,O=Notary\",\n"
            + "            \"SN\": \"CN=ratify-bats-test,O=Notary\",\n"
            + "            \"chain\": [\n"
            + "              1,\n"
            + "              true,\n"
            + "              \"x\"\n"
            + "            ]\n"
            + "          }\n"
            + "        }\n"
            + "      ]\n"
            + "    }\n"
            + "  ]\n"
            + "}\n";
    assertEquals(expected, ReportJson.toJson(sample()));
    assertEquals(ReportJson.toJson(sample()), ReportJson.toJson(sample()), "byte-stable");
  }

  @Test
  void unsignedImageMatchesRatifysErrorReportShape() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image("registry.test/app:v1");
    ValidationResult r;
    try (Executor e =
        Executor.builder()
            .store(sb.build())
            .verifier(FakeVerifier.passing("n", MediaTypes.NOTARY_SIGNATURE))
            .build()) {
      r = e.validate("registry.test/app@" + image.digest());
    }
    JsonNode json = new ObjectMapper().readTree(ReportJson.toJson(r));
    assertEquals("0.2.0", json.get("version").asText());
    assertFalse(json.get("isSuccess").asBoolean());
    JsonNode rep = json.get("verifierReports").get(0);
    List<String> fields = new ArrayList<>();
    rep.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("subject", "isSuccess", "message", "errorReason"), fields);
    String subject = "registry.test/app@" + image.digest();
    assertEquals(subject, rep.get("subject").asText());
    assertEquals("failed to verify artifact: " + subject, rep.get("message").asText());
    assertEquals(
        "No verification results for the artifact "
            + subject
            + ". Ensure verifiers are properly configured and that artifact metadata is attached",
        rep.get("errorReason").asText());
  }

  @Test
  void emptyMessageIsOmittedAndArraysAreWrittenAsArrays() throws Exception {
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("names", new String[] {"a", "b"});
    ext.put("bytes", new int[] {1, 2});
    VerifierReport rep =
        new VerifierReport(
            "reg/app@" + SUBJECT,
            Optional.of(SIG),
            Optional.empty(),
            Optional.of("v"),
            Optional.empty(),
            VerificationResult.success("", ext),
            List.of());
    ValidationResult r =
        new ValidationResult(true, "reg/app@" + SUBJECT, Optional.empty(), List.of(rep), List.of());
    String json = ReportJson.toJson(r);
    JsonNode node = new ObjectMapper().readTree(json).get("verifierReports").get(0);
    assertFalse(node.has("message"), "Ratify's message is omitempty: " + json);
    assertEquals("[\"a\",\"b\"]", node.get("extensions").get("names").toString(), json);
    assertEquals("[1,2]", node.get("extensions").get("bytes").toString(), json);
  }

  @Test
  void textRenderingMarksEachReport() {
    String text = ReportText.render(sample());
    assertTrue(text.startsWith("✗ not verified: registry:5000/sbom@" + SUBJECT), text);
    assertTrue(text.contains("  ✗ sbom-verifier-1 on sha256:"), text);
    assertTrue(text.contains("    ✗ notation-verifier-1 [notation]"), text);
    assertTrue(text.contains("reason: certificate expired"), text);
    assertTrue(text.contains("remediation: renew the certificate"), text);
    assertTrue(text.endsWith("reasons:\n  - denied\n"), text);
  }

  /** Issue 8: what a registry or plugin wrote never reaches the terminal as escape sequences. */
  @Test
  void textRenderingEscapesWhatATerminalWouldInterpret() {
    VerifierReport hostile =
        new VerifierReport(
            "registry:5000/app@" + SUBJECT,
            Optional.of(SBOM),
            Optional.of("evil\u001b]0;owned\u0007/type"),
            Optional.of("v\u001b[2J"),
            Optional.empty(),
            VerificationResult.failure(
                ErrorCode.VERIFY_PLUGIN_FAILURE,
                "bad\rmessage",
                "reason\u009b31m",
                Optional.of("fix \u202eit"),
                Map.of()),
            List.of());
    String text =
        ReportText.render(
            new ValidationResult(
                false,
                "registry:5000/app@" + SUBJECT,
                Optional.empty(),
                List.of(hostile),
                List.of("denied\u001b[0m")));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      assertTrue(c == '\n' || !io.ratify.api.internal.parse.Printable.unsafe(c), text);
    }
    assertTrue(text.contains("(evil\\u001b]0;owned\\u0007/type)"), text);
    assertTrue(text.contains("v\\u001b[2J"), text);
    assertTrue(text.contains("bad\\u000dmessage"), text);
    assertTrue(text.contains("reason: reason\\u009b31m"), text);
    assertTrue(text.contains("remediation: fix \\u202eit"), text);
    assertTrue(text.endsWith("  - denied\\u001b[0m\n"), text);
  }
}
