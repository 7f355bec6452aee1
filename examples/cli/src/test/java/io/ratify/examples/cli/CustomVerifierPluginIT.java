package io.ratify.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.MediaTypes;
import io.ratify.core.testing.LayoutWriter;
import io.ratify.examples.customverifier.SbomAnnotationVerifierFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin author's verifier, loaded by the packaged CLI from the class path (ServiceLoader),
 * verifying SBOM referrers in an OCI layout.
 */
class CustomVerifierPluginIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path layout;
  static Path config;
  static String classPath;

  @BeforeAll
  static void layoutWithSboms() throws Exception {
    layout = dir.resolve("layout");
    LayoutWriter w = new LayoutWriter(layout);
    attachSbom(w, w.image("good", "image with a generated SBOM"), "syft");
    attachSbom(w, w.image("bad", "image with a hand-made SBOM"), "handmade");
    config =
        Files.writeString(
            dir.resolve("sbom.yaml"),
            """
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Store
        metadata:
          name: store
        spec:
          name: oras
        ---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Verifier
        metadata:
          name: sbom-check
        spec:
          name: sbom-annotations
          artifactTypes: application/spdx+json
          parameters:
            requiredAnnotations:
              org.example.sbom.generator: syft
        """);
    Path plugin =
        Path.of(
            SbomAnnotationVerifierFactory.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    classPath = RatifyJar.JAR + File.pathSeparator + plugin;
  }

  private static void attachSbom(LayoutWriter w, Descriptor subject, String generator)
      throws Exception {
    Descriptor empty = w.blob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    Descriptor sbom =
        w.blob(
            "application/spdx+json",
            ("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"" + generator + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"artifactType\":\"application/spdx+json\","
            + "\"config\":"
            + LayoutWriter.json(empty)
            + ",\"layers\":["
            + LayoutWriter.json(sbom)
            + "],\"subject\":"
            + LayoutWriter.json(subject)
            + ",\"annotations\":{\"org.example.sbom.generator\":\""
            + generator
            + "\"}}";
    Descriptor m = w.blob(MediaTypes.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
    w.list(m.withArtifactType("application/spdx+json"), Optional.empty());
  }

  @Test
  void pluginOnTheClassPathVerifiesTheGoodSbom() throws Exception {
    RatifyJar.Run run =
        RatifyJar.runClassPath(
            classPath, "verify", "-c", config.toString(), "--oci-layout", "-s", layout + ":good");
    assertEquals(RatifyCli.VERIFIED, run.exitCode(), run::toString);
    JsonNode report = JSON.readTree(run.out()).get("verifierReports").get(0);
    assertEquals("sbom-annotations", report.get("verifierType").asText());
    assertTrue(report.get("isSuccess").asBoolean());
  }

  @Test
  void pluginRejectsTheHandMadeSbomWithItsReason() throws Exception {
    RatifyJar.Run run =
        RatifyJar.runClassPath(
            classPath, "verify", "-c", config.toString(), "--oci-layout", "-s", layout + ":bad");
    assertEquals(RatifyCli.NOT_VERIFIED, run.exitCode(), run::toString);
    JsonNode report = JSON.readTree(run.out()).get("verifierReports").get(0);
    assertFalse(report.get("isSuccess").asBoolean());
    assertTrue(report.get("errorReason").asText().contains("handmade"), run::toString);
  }

  @Test
  void withoutThePluginTheTypeIsUnknownAndNamed() throws Exception {
    RatifyJar.Run run =
        RatifyJar.run(
            java.util.List.of(),
            "verify",
            "-c",
            config.toString(),
            "--oci-layout",
            "-s",
            layout + ":good");
    assertEquals(RatifyCli.ERROR, run.exitCode(), run::toString);
    assertTrue(run.err().contains("sbom-annotations"), run::toString);
  }
}
