package io.ratify.examples.embedding;

import static io.ratify.core.config.ConfigPolicyConfig.Mode.ANY;

import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerifierReport;
import io.ratify.core.Executor;
import io.ratify.core.config.ConfigPolicyConfig;
import io.ratify.core.config.InlineKeyProviderConfig;
import io.ratify.core.config.RatifyConfig;
import io.ratify.notation.NotationVerifierConfig;
import io.ratify.notation.NotationVerifierConfig.TrustPolicy;
import io.ratify.notation.NotationVerifierConfig.TrustStore;
import io.ratify.oras.OciLayoutStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Embedding Ratify for Java: build an executor in code (no configuration file) and ask whether an
 * image may be trusted. Here the image lives in an OCI image layout and the trusted CA certificate
 * is given inline; for a registry, use a store of type {@code oras} instead.
 *
 * <pre>
 * java io.ratify.examples.embedding.EmbeddingExample LAYOUT_DIR TAG CA_CERT.pem
 * </pre>
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /**
   * Verifies {@code tag} in the layout at {@code layout}, trusting the PEM certificate(s) in {@code
   * caPem}.
   */
  public static ValidationResult verify(Path layout, String tag, String caPem)
      throws RatifyException {
    RatifyConfig config =
        RatifyConfig.builder()
            .plugins(
                InlineKeyProviderConfig.certificates("trusted-ca", caPem),
                OciLayoutStoreConfig.of(layout.toAbsolutePath()),
                NotationVerifierConfig.builder()
                    .trustStore(TrustStore.ca("trusted"), "trusted-ca") // ca:trusted <- trusted-ca
                    .trustPolicy(
                        TrustPolicy.builder("everything")
                            .registryScopes("*")
                            .trustStores(TrustStore.ca("trusted"))
                            .trustedIdentities("*")
                            .build())
                    .build(),
                ConfigPolicyConfig.builder().artifactType(MediaTypes.NOTARY_SIGNATURE, ANY).build())
            .timeout(Duration.ofSeconds(5))
            .build();
    // The layout is one repository: its registry/repository only select the trust policy scope.
    try (Executor executor = Executor.fromConfig(config)) {
      return executor.validate("localhost/app:" + tag);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: EmbeddingExample LAYOUT_DIR TAG CA_CERT.pem");
      System.exit(2);
    }
    try {
      ValidationResult result =
          verify(Path.of(args[0]), args[1], Files.readString(Path.of(args[2])));
      System.out.println(args[1] + (result.success() ? ": trusted" : ": NOT trusted"));
      for (VerifierReport r : result.verifierReports()) {
        System.out.println(
            "  "
                + r.verifierName().orElse("-")
                + " "
                + r.referenceDigest().map(Object::toString).orElse("")
                + " -> "
                + (r.success() ? "ok" : r.result().errorReason().orElse(r.result().message())));
      }
      System.exit(result.success() ? 0 : 1);
    } catch (RatifyException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }
}
