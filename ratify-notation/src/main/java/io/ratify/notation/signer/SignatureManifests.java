package io.ratify.notation.signer;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.envelope.Envelopes;
import io.ratify.notation.internal.json.GoJson;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds Notary Project signature manifests byte for byte as notation-go writes them (compact JSON;
 * fields {@code schemaVersion, mediaType, [artifactType], config, layers, subject, annotations};
 * annotations sorted), with the annotations {@code io.cncf.notary.x509chain.thumbprint#S256} (a
 * JSON list of the lowercase hex SHA-256 of each certificate, leaf first) and {@code
 * org.opencontainers.image.created} (the envelope's signing time, RFC 3339 UTC).
 */
public final class SignatureManifests {
  /** The {@code {}} content of the config blob in both forms. */
  private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.US_ASCII);

  private static final String CREATED = "org.opencontainers.image.created";

  private SignatureManifests() {}

  /**
   * Builds the manifest for {@code envelope}, which signs {@code subject}.
   *
   * @throws RatifyException {@code SIGNATURE_ENVELOPE_INVALID} when the envelope cannot be read
   *     (its signature is not checked here)
   * @param subject the subject
   * @param envelope the envelope
   * @param format the format
   * @param form the form
   * @return the manifest and its blobs
   */
  public static SignatureManifest build(
      Descriptor subject, byte[] envelope, EnvelopeFormat format, ManifestForm form)
      throws RatifyException {
    Envelopes.Unverified info;
    try {
      info = Envelopes.inspect(format.mediaType(), envelope);
    } catch (VerificationFailure f) {
      throw new RatifyException(
          ErrorCode.SIGNATURE_ENVELOPE_INVALID,
          "cannot build a signature manifest: " + f.reason(),
          "give an envelope made by NotationSigner or notation",
          null);
    }
    Descriptor layer = Descriptor.of(format.mediaType(), Digest.sha256(envelope), envelope.length);
    Digest configDigest = Digest.sha256(EMPTY_JSON);
    Descriptor config =
        Descriptor.of(
            form == ManifestForm.CURRENT ? MediaTypes.OCI_EMPTY : MediaTypes.NOTARY_SIGNATURE,
            configDigest,
            EMPTY_JSON.length);

    Map<String, String> annotations = new TreeMap<>();
    annotations.put(MediaTypes.NOTARY_THUMBPRINT_ANNOTATION, thumbprints(info.chain()));
    annotations.put(CREATED, DateTimeFormatter.ISO_INSTANT.format(info.signingTime()));

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    if (form == ManifestForm.CURRENT) {
      m.put("artifactType", MediaTypes.NOTARY_SIGNATURE);
    }
    Map<String, Object> cfg = descriptorJson(config);
    if (form == ManifestForm.CURRENT) {
      cfg.put("data", "e30=");
    }
    m.put("config", cfg);
    m.put("layers", List.of(descriptorJson(layer)));
    m.put("subject", descriptorJson(subject));
    m.put("annotations", annotations);
    byte[] bytes = GoJson.write(m).getBytes(StandardCharsets.UTF_8);

    Descriptor manifestDescriptor =
        new Descriptor(
            MediaTypes.OCI_MANIFEST,
            Digest.sha256(bytes),
            bytes.length,
            Optional.of(MediaTypes.NOTARY_SIGNATURE),
            annotations);
    return new SignatureManifest(bytes, manifestDescriptor, EMPTY_JSON, config, layer);
  }

  /**
   * The thumbprint annotation value for a chain: {@code ["<hex sha256 of leaf DER>", …]}.
   *
   * @param chain the chain
   * @return the thumbprint annotation value for a chain: {@code ["<hex sha256 of leaf DER>", …]}
   * @throws RatifyException when a certificate cannot be encoded
   */
  public static String thumbprints(List<X509Certificate> chain) throws RatifyException {
    List<Object> out = new ArrayList<>();
    for (X509Certificate c : chain) {
      try {
        out.add(Digest.sha256(c.getEncoded()).hex());
      } catch (CertificateEncodingException e) {
        throw new RatifyException(
            ErrorCode.CERT_INVALID, "cannot encode a certificate of the chain", e);
      }
    }
    return GoJson.write(out);
  }

  private static Map<String, Object> descriptorJson(Descriptor d) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("mediaType", d.mediaType());
    o.put("digest", d.digest().toString());
    o.put("size", d.size());
    return o;
  }
}
