package io.ratify.notation;

import io.ratify.api.Deadline;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import io.ratify.notation.internal.policy.TrustPolicyDocument;
import io.ratify.notation.internal.verifier.NotationVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a detached Notary Project blob signature (what {@code notation blob sign} writes as
 * {@code <file>.jws.sig} or {@code <file>.cose.sig}) against the file or bytes it signs, with a
 * blob trust policy document ({@code trustpolicy.blob.json}: statements without registry scopes,
 * chosen by name or the one marked {@code globalPolicy}). The payload must name the blob's digest —
 * computed with the hash of the signature algorithm (sha256, sha384 or sha512) — and size, and the
 * expected media type when one is given. Every other check is the {@code notation} verifier's, from
 * the same implementation.
 *
 * <pre>{@code
 * NotationBlobVerifier verifier =
 *     NotationBlobVerifier.builder()
 *         .trustPolicy(Files.readAllBytes(Path.of("trustpolicy.blob.json")))
 *         .trustStore("ca", "acme", List.of(rootCertificate))
 *         .build();
 * VerificationResult result =
 *     verifier.verify(Path.of("app.tar"), "application/jose+json",
 *         Files.readAllBytes(Path.of("app.tar.jws.sig")));
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class NotationBlobVerifier {
  private final NotationVerifier verifier;
  private final Optional<String> policyName;
  private final Optional<String> blobMediaType;
  private final Duration timeout;

  private NotationBlobVerifier(Builder b, NotationVerifier verifier) {
    this.verifier = verifier;
    this.policyName = b.policyName;
    this.blobMediaType = b.blobMediaType;
    this.timeout = b.material.timeout();
  }

  /**
   * A new builder.
   *
   * @return a builder using the global blob policy, the system UTC clock and no trust stores
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies {@code envelope} as a signature of the file at {@code blob}, which is read once,
   * streaming.
   *
   * @param blob the signed file
   * @param envelopeMediaType {@code application/jose+json} or {@code application/cose}
   * @param envelope the envelope bytes
   * @return the outcome, as the {@code notation} verifier reports it
   * @throws RatifyException {@code RESOURCE_NOT_FOUND} when the file cannot be read; errors reading
   *     trust material
   */
  public VerificationResult verify(Path blob, String envelopeMediaType, byte[] envelope)
      throws RatifyException {
    Objects.requireNonNull(blob, "blob");
    return verify(
        new NotationVerifier.BlobDigester() {
          @Override
          public Digest digest(String algorithm) throws RatifyException {
            try (InputStream in = Files.newInputStream(blob)) {
              MessageDigest md = MessageDigest.getInstance(jca(algorithm));
              byte[] buf = new byte[64 * 1024];
              for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
              }
              return new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
              throw unreadable(blob, e);
            }
          }

          @Override
          public long size() throws RatifyException {
            try {
              return Files.size(blob);
            } catch (IOException e) {
              throw unreadable(blob, e);
            }
          }
        },
        envelopeMediaType,
        envelope);
  }

  /**
   * Verifies {@code envelope} as a signature of {@code blob}.
   *
   * @param blob the signed bytes
   * @param envelopeMediaType {@code application/jose+json} or {@code application/cose}
   * @param envelope the envelope bytes
   * @return the outcome, as the {@code notation} verifier reports it
   * @throws RatifyException errors reading trust material
   */
  public VerificationResult verify(byte[] blob, String envelopeMediaType, byte[] envelope)
      throws RatifyException {
    byte[] content = Objects.requireNonNull(blob, "blob").clone();
    return verify(
        new NotationVerifier.BlobDigester() {
          @Override
          public Digest digest(String algorithm) {
            return Digest.of(algorithm, content);
          }

          @Override
          public long size() {
            return content.length;
          }
        },
        envelopeMediaType,
        envelope);
  }

  private VerificationResult verify(
      NotationVerifier.BlobDigester blob, String envelopeMediaType, byte[] envelope)
      throws RatifyException {
    Objects.requireNonNull(envelopeMediaType, "envelopeMediaType");
    Objects.requireNonNull(envelope, "envelope");
    return verifier.verifyBlobEnvelope(
        policyName,
        blob,
        blobMediaType,
        envelopeMediaType,
        envelope.clone(),
        Deadline.after(timeout));
  }

  private static String jca(String algorithm) {
    return switch (algorithm) {
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
    };
  }

  private static RatifyException unreadable(Path blob, Exception e) {
    return new RatifyException(
        ErrorCode.RESOURCE_NOT_FOUND,
        "the blob " + blob + " cannot be read: " + e.getMessage(),
        "check the path",
        e);
  }

  /** Collects the blob trust policy, trust stores and options; {@link #build()} validates. */
  public static final class Builder {
    private final TrustMaterial material = new TrustMaterial();
    private Optional<String> policyName = Optional.empty();
    private Optional<String> blobMediaType = Optional.empty();

    private Builder() {}

    /**
     * The blob trust policy document ({@code trustpolicy.blob.json}, version 1.0). Required.
     *
     * @param json the document
     * @return this builder
     */
    public Builder trustPolicy(byte[] json) {
      material.policy(json);
      return this;
    }

    /**
     * Adds certificates to the named trust store {@code <type>:<name>}.
     *
     * @param type {@code ca}, {@code signingAuthority} or {@code tsa}
     * @param name the store name
     * @param certificates the trusted certificates
     * @return this builder
     */
    public Builder trustStore(String type, String name, List<X509Certificate> certificates) {
      material.store(type, name, certificates);
      return this;
    }

    /**
     * The blob trust policy statement to apply; default the statement marked {@code globalPolicy}.
     *
     * @param name the statement name
     * @return this builder
     */
    public Builder policyName(String name) {
      this.policyName = Optional.of(Objects.requireNonNull(name, "policyName"));
      return this;
    }

    /**
     * The media type the signed payload must carry for the blob; default any.
     *
     * @param mediaType the blob media type
     * @return this builder
     */
    public Builder blobMediaType(String mediaType) {
      this.blobMediaType = Optional.of(Objects.requireNonNull(mediaType, "blobMediaType"));
      return this;
    }

    /**
     * The clock for time-dependent checks; default the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      material.clock(clock);
      return this;
    }

    /**
     * The bound on one verification; default {@link NotationEnvelopeVerifier#DEFAULT_TIMEOUT}.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      material.timeout(timeout);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the verifier
     * @throws RatifyException {@code CONFIG_INVALID} naming what is wrong
     */
    public NotationBlobVerifier build() throws RatifyException {
      return new NotationBlobVerifier(this, material.build(TrustPolicyDocument.Kind.BLOB));
    }
  }
}
