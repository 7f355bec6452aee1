package io.ratify.examples.customverifier;

import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifyRequest;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.VerifierFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plugin author's example: a verifier of type {@code sbom-annotations} that accepts an SBOM
 * referrer only when its manifest carries the required annotations (for example {@code
 * org.example.sbom.generator: syft}) and its single SBOM layer can be fetched intact.
 *
 * <p>Configuration parameters: {@code artifactTypes} (default {@code application/spdx+json}) and
 * {@code requiredAnnotations} (a map of annotation name to exact value; at least one). Registered
 * in {@code META-INF/services/io.ratify.spi.VerifierFactory}, so putting this jar on the class path
 * of the CLI or of an embedding application is all it takes.
 */
public final class SbomAnnotationVerifierFactory implements VerifierFactory {
  /** The type name configurations use. */
  public static final String TYPE = "sbom-annotations";

  /** The artifact type verified when the configuration names none. */
  public static final String SPDX_JSON = "application/spdx+json";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Verifier create(PluginConfig config, PluginContext context) throws RatifyException {
    List<String> types = config.stringList("artifactTypes");
    Map<String, Object> raw =
        config
            .map("requiredAnnotations")
            .orElseThrow(
                () ->
                    config.invalid(
                        "requiredAnnotations", "is required: a map of annotation name to value"));
    if (raw.isEmpty()) {
      throw config.invalid("requiredAnnotations", "must name at least one annotation");
    }
    Map<String, String> required = new TreeMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw config.invalid(
            "requiredAnnotations." + e.getKey(),
            "expected a string, got " + PluginConfig.describe(e.getValue()));
      }
      required.put(e.getKey(), s);
    }
    return new SbomAnnotationVerifier(
        config.name(),
        Set.copyOf(types.isEmpty() ? List.of(SPDX_JSON) : types),
        Map.copyOf(required));
  }

  private record SbomAnnotationVerifier(
      String name, Set<String> artifactTypes, Map<String, String> required) implements Verifier {

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public boolean verifiable(Descriptor artifact) {
      return artifact
          .artifactType()
          .map(t -> artifactTypes.contains(t) || artifactTypes.contains("*"))
          .orElse(false);
    }

    @Override
    public VerificationResult verify(VerifyRequest request) throws RatifyException {
      Manifest manifest =
          request.store().fetchManifest(request.subject(), request.artifact(), request.deadline());
      Map<String, Object> extensions = new LinkedHashMap<>();
      extensions.put("requiredAnnotations", new TreeMap<>(required));
      for (Map.Entry<String, String> e : new TreeMap<>(required).entrySet()) {
        String actual = manifest.annotations().get(e.getKey());
        if (!e.getValue().equals(actual)) {
          String why =
              actual == null
                  ? "annotation " + e.getKey() + " is missing"
                  : "annotation "
                      + e.getKey()
                      + " is '"
                      + actual
                      + "', expected '"
                      + e.getValue()
                      + "'";
          return VerificationResult.failure(
              ErrorCode.VERIFY_REFERENCE_FAILURE,
              "SBOM annotations do not match",
              why,
              Optional.of("attach the SBOM with the required annotations"),
              extensions);
        }
      }
      if (manifest.layers().size() != 1) {
        return VerificationResult.failure(
            ErrorCode.MANIFEST_INVALID,
            "SBOM manifest is malformed",
            "expected exactly one SBOM layer, found " + manifest.layers().size(),
            Optional.empty(),
            extensions);
      }
      byte[] sbom =
          request
              .store()
              .fetchBlob(request.subject(), manifest.layers().get(0), request.deadline());
      extensions.put("sbomBytes", sbom.length);
      return VerificationResult.success("SBOM annotations verified", extensions);
    }
  }
}
