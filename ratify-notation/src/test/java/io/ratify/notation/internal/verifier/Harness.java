package io.ratify.notation.internal.verifier;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifyRequest;
import io.ratify.core.testing.LayoutWriter;
import io.ratify.notation.NotationVerifierFactory;
import io.ratify.notation.TestContext;
import io.ratify.oras.OciLayoutStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds notation verifiers through the public factory and runs them over signatures stored in OCI
 * layouts.
 */
final class Harness {
  private Harness() {}

  static Verifier verifier(
      TestContext context,
      Object trustPolicy,
      List<String> certPaths,
      Map<String, Object> certStores)
      throws RatifyException {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("trustPolicyDoc", trustPolicy);
    if (!certPaths.isEmpty()) {
      params.put("verificationCerts", certPaths);
    }
    if (!certStores.isEmpty()) {
      params.put("verificationCertStores", certStores);
    }
    return new NotationVerifierFactory()
        .create(
            PluginConfig.of(PluginKind.VERIFIER, "verifier-notation", "notation", params), context);
  }

  /**
   * Stores {@code envelope} as a signature of {@code subject} in a fresh layout under {@code dir}
   * and verifies it.
   */
  static VerificationResult verifyEnvelope(
      Verifier v,
      Path dir,
      String subjectReference,
      Descriptor subject,
      String mediaType,
      byte[] envelope)
      throws RatifyException, IOException {
    LayoutWriter w = new LayoutWriter(Files.createTempDirectory(dir, "layout"));
    Descriptor signature = signature(w, subject, mediaType, envelope);
    return v.verify(
        new VerifyRequest(
            Reference.parse(subjectReference),
            subject,
            signature,
            OciLayoutStore.open(w.dir()),
            Deadline.after(Duration.ofSeconds(30))));
  }

  /**
   * Stores a one-layer image ({@code text/plain} {@code layer}, empty config) in {@code w}: the
   * same {@code layer} gives the same digest in every layout.
   */
  static Descriptor image(LayoutWriter w, byte[] layer) throws IOException {
    Descriptor config = w.blob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.US_ASCII));
    Descriptor content = w.blob("text/plain", layer);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\""
            + config.mediaType()
            + "\",\"digest\":\""
            + config.digest()
            + "\",\"size\":"
            + config.size()
            + "},\"layers\":[{\"mediaType\":\"text/plain\",\"digest\":\""
            + content.digest()
            + "\",\"size\":"
            + content.size()
            + "}]}";
    return w.manifest(manifest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Stores a legacy-form signature manifest (as released notation writes it: config {@code
   * application/vnd.cncf.notary.signature}, one envelope layer) referring to {@code subject}.
   */
  static Descriptor signature(LayoutWriter w, Descriptor subject, String mediaType, byte[] envelope)
      throws IOException {
    return signatureWithLayers(w, subject, List.of(w.blob(mediaType, envelope)));
  }

  /** A signature manifest with any number of layers (for the one-layer rule). */
  static Descriptor signatureWithLayers(LayoutWriter w, Descriptor subject, List<Descriptor> layers)
      throws IOException {
    Descriptor config =
        w.blob(MediaTypes.NOTARY_SIGNATURE, "{}".getBytes(StandardCharsets.US_ASCII));
    return w.referrer(subject, config, layers).withArtifactType(MediaTypes.NOTARY_SIGNATURE);
  }

  /**
   * Verifies every signature of {@code subjectReference} found in a layout; returns the results in
   * listing order.
   */
  static List<VerificationResult> verifyLayout(Verifier v, Path layout, String subjectReference)
      throws RatifyException {
    Store store = OciLayoutStore.open(layout);
    Deadline deadline = Deadline.after(Duration.ofSeconds(30));
    Reference ref = Reference.parse(subjectReference);
    Descriptor subject = store.resolve(ref, deadline);
    Reference pinned = ref.pinned(subject.digest());
    List<Descriptor> referrers =
        store
            .listReferrers(pinned, java.util.Set.of(), java.util.Optional.empty(), deadline)
            .referrers();
    List<VerificationResult> out = new java.util.ArrayList<>();
    for (Descriptor d : referrers) {
      if (v.verifiable(d)) {
        out.add(v.verify(new VerifyRequest(pinned, subject, d, store, deadline)));
      }
    }
    return out;
  }

  /** A deep, mutable copy of a parameter tree. */
  @SuppressWarnings("unchecked")
  static <T> T copy(T tree) {
    if (tree instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, copy(v)));
      return (T) out;
    }
    if (tree instanceof List<?> l) {
      List<Object> out = new java.util.ArrayList<>();
      l.forEach(x -> out.add(copy(x)));
      return (T) out;
    }
    return tree;
  }

  /** A one-statement OCI trust policy. */
  static Map<String, Object> policy(
      String scope,
      String level,
      Map<String, String> override,
      List<String> stores,
      List<String> identities) {
    Map<String, Object> sv = new LinkedHashMap<>();
    sv.put("level", level);
    if (!override.isEmpty()) {
      sv.put("override", new LinkedHashMap<>(override));
    }
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("name", "test-policy");
    st.put("registryScopes", List.of(scope));
    st.put("signatureVerification", sv);
    st.put("trustStores", stores);
    st.put("trustedIdentities", identities);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", "1.0");
    doc.put("trustPolicies", List.of(st));
    return doc;
  }
}
