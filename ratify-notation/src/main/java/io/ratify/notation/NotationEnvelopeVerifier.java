package io.ratify.notation;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.VerificationResult;
import io.ratify.notation.internal.policy.TrustPolicyDocument;
import io.ratify.notation.internal.verifier.NotationVerifier;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Verifies one Notary Project signature envelope (JWS or COSE) of an OCI artifact, for tools that
 * already hold the envelope: no executor, no registry, no store. The checks, their order, the trust
 * policy semantics and the result are exactly those of the {@code notation} verifier (integrity,
 * authenticity, trusted identity, expiry, authentic timestamp with RFC 3161 countersignatures,
 * revocation), because the same implementation runs.
 *
 * <pre>{@code
 * NotationEnvelopeVerifier verifier =
 *     NotationEnvelopeVerifier.builder()
 *         .trustPolicy(Files.readAllBytes(Path.of("trustpolicy.json")))
 *         .trustStore("ca", "acme", List.of(rootCertificate))
 *         .build();
 * VerificationResult result =
 *     verifier.verify("registry.example.com/app@sha256:…", target, "application/jose+json", envelope);
 * if (!result.success()) { … result.errorReason() … }
 * }</pre>
 *
 * Immutable and thread-safe. Trust store certificates are checked with notation's rules when the
 * verifier is built ({@code tsa} stores hold self-signed root CA certificates only).
 */
public final class NotationEnvelopeVerifier {
  /** The default bound on one verification (trust material and revocation work). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final NotationVerifier verifier;
  private final Duration timeout;

  private NotationEnvelopeVerifier(NotationVerifier verifier, Duration timeout) {
    this.verifier = verifier;
    this.timeout = timeout;
  }

  /**
   * A new builder.
   *
   * @return a builder with the system UTC clock and no trust stores
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies {@code envelope} as a signature of {@code target}.
   *
   * @param artifactReference the artifact's reference ({@code registry/repository@digest}, or with
   *     a tag, which is then pinned to {@code target}'s digest); it selects the trust policy
   *     statement by registry scope
   * @param target the artifact's descriptor: the signed payload must name its media type, digest
   *     and size
   * @param envelopeMediaType {@code application/jose+json} or {@code application/cose}
   * @param envelope the envelope bytes
   * @return the outcome, as the {@code notation} verifier reports it (failed check, reason,
   *     warnings of checks set to log, in the extensions)
   * @throws RatifyException {@code REFERENCE_INVALID} for a bad reference or one whose digest is
   *     not the target's; errors reading trust material
   */
  public VerificationResult verify(
      String artifactReference, Descriptor target, String envelopeMediaType, byte[] envelope)
      throws RatifyException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(envelopeMediaType, "envelopeMediaType");
    Objects.requireNonNull(envelope, "envelope");
    Reference ref = Reference.parse(Objects.requireNonNull(artifactReference, "artifactReference"));
    if (ref.digest().isPresent() && !ref.digest().get().equals(target.digest())) {
      throw new RatifyException(
          io.ratify.api.ErrorCode.REFERENCE_INVALID,
          "the reference " + artifactReference + " names another digest than the target's",
          "pass the target's own reference",
          null);
    }
    return verifier.verifyArtifactEnvelope(
        ref.pinned(target.digest()),
        target,
        envelopeMediaType,
        envelope.clone(),
        Deadline.after(timeout));
  }

  /** Collects the trust policy, trust stores and clock; {@link #build()} validates them. */
  public static final class Builder {
    private final TrustMaterial material = new TrustMaterial();

    private Builder() {}

    /**
     * The OCI trust policy document ({@code trustpolicy.json}, version 1.0). Required.
     *
     * @param json the document
     * @return this builder
     */
    public Builder trustPolicy(byte[] json) {
      material.policy(json);
      return this;
    }

    /**
     * Adds certificates to the named trust store {@code <type>:<name>} that policy statements refer
     * to.
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
     * The bound on one verification; default {@link #DEFAULT_TIMEOUT}.
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
     * @throws RatifyException {@code CONFIG_INVALID} naming what is wrong: no or an invalid trust
     *     policy document, an invalid store name, an empty store, a certificate that its store
     *     cannot hold, a non-positive timeout
     */
    public NotationEnvelopeVerifier build() throws RatifyException {
      NotationVerifier verifier = material.build(TrustPolicyDocument.Kind.OCI);
      return new NotationEnvelopeVerifier(verifier, material.timeout());
    }
  }
}
