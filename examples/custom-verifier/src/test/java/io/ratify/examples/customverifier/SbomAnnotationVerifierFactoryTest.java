package io.ratify.examples.customverifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.ValidationResult;
import io.ratify.api.Verifier;
import io.ratify.core.Executor;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.core.testing.InMemoryStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The example plugin, found the way the CLI finds it (ServiceLoader), run inside a real executor.
 */
class SbomAnnotationVerifierFactoryTest {
  private static final Map<String, Object> PARAMS =
      Map.of("requiredAnnotations", Map.of("org.example.sbom.generator", "syft"));

  private static Verifier load(Map<String, Object> params) throws RatifyException {
    PluginRegistry registry =
        PluginRegistry.load(SbomAnnotationVerifierFactoryTest.class.getClassLoader());
    assertTrue(
        registry.types(PluginKind.VERIFIER).contains(SbomAnnotationVerifierFactory.TYPE),
        "registered through META-INF/services");
    PluginConfig config =
        PluginConfig.of(
            PluginKind.VERIFIER, "sbom-check", SbomAnnotationVerifierFactory.TYPE, params);
    return registry.verifier(SbomAnnotationVerifierFactory.TYPE).create(config, null);
  }

  private static ValidationResult validate(Map<String, String> sbomAnnotations)
      throws RatifyException {
    InMemoryStore.Builder b = InMemoryStore.builder();
    Descriptor image = b.image("registry.example/app:v1");
    b.referrer(
        image,
        SbomAnnotationVerifierFactory.SPDX_JSON,
        "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8),
        SbomAnnotationVerifierFactory.SPDX_JSON,
        sbomAnnotations);
    try (Executor executor =
        Executor.builder().store(b.build()).verifiers(List.of(load(PARAMS))).build()) {
      return executor.validate("registry.example/app:v1");
    }
  }

  @Test
  void sbomWithTheRequiredAnnotationVerifies() throws Exception {
    ValidationResult r = validate(Map.of("org.example.sbom.generator", "syft"));
    assertTrue(r.success(), r::toString);
    assertEquals(Optional.of("sbom-check"), r.verifierReports().get(0).verifierName());
  }

  @Test
  void sbomWithAnotherValueIsRejectedWithTheReason() throws Exception {
    ValidationResult r = validate(Map.of("org.example.sbom.generator", "handmade"));
    assertFalse(r.success());
    assertEquals(
        "annotation org.example.sbom.generator is 'handmade', expected 'syft'",
        r.verifierReports().get(0).result().errorReason().orElseThrow());
  }

  @Test
  void sbomWithoutTheAnnotationIsRejected() throws Exception {
    ValidationResult r = validate(Map.of());
    assertFalse(r.success());
    assertEquals(
        Optional.of(ErrorCode.VERIFY_REFERENCE_FAILURE),
        r.verifierReports().get(0).result().errorCode());
  }

  @Test
  void missingRequiredAnnotationsIsAConfigurationError() {
    RatifyException e = assertThrows(RatifyException.class, () -> load(Map.of()));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("requiredAnnotations"), e.getMessage());
  }

  @Test
  void nonStringAnnotationValueIsAConfigurationError() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> load(Map.of("requiredAnnotations", Map.of("org.example.sbom.generator", 7))));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
  }
}
