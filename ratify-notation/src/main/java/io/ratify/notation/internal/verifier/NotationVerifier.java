package io.ratify.notation.internal.verifier;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifyRequest;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.envelope.Envelopes;
import io.ratify.notation.internal.envelope.Payload;
import io.ratify.notation.internal.envelope.SignedEnvelope;
import io.ratify.notation.internal.envelope.SigningScheme;
import io.ratify.notation.internal.policy.DistinguishedName;
import io.ratify.notation.internal.policy.GoText;
import io.ratify.notation.internal.policy.InvalidTrustPolicyException;
import io.ratify.notation.internal.policy.TrustPolicyDocument;
import io.ratify.notation.internal.policy.TrustPolicyStatement;
import io.ratify.notation.internal.policy.TrustStoreRef;
import io.ratify.notation.internal.policy.TrustStoreType;
import io.ratify.notation.internal.policy.ValidationAction;
import io.ratify.notation.internal.revocation.ChainResult;
import io.ratify.notation.internal.revocation.RevocationChecker;
import io.ratify.notation.internal.timestamp.AuthenticTimestamp;
import io.ratify.notation.internal.timestamp.TsaChainRevocation;
import io.ratify.notation.internal.truststore.TrustStoreException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code notation} verifier: verifies one Notary Project signature manifest against the subject
 * it refers to, with the checks in notation's order (integrity, authenticity, trusted identity,
 * expiry, authentic timestamp, revocation) and the actions of the applicable trust policy
 * statement. Integrity is always enforced; a check whose action is {@code log} that fails is
 * recorded in the result's {@code warnings} extension and verification goes on.
 *
 * <p>Revocation of the signing chain is checked by OCSP and CRL (see {@link
 * io.ratify.notation.internal.revocation.RevocationChecker}); an unknown status is a failure under
 * the {@code revocation} action. Timestamp countersignatures are verified as notation does ({@link
 * AuthenticTimestamp}); the revocation status of the TSA chain comes from a {@link
 * TsaChainRevocation} and its failure follows the {@code authenticTimestamp} action.
 *
 * <p>Store and key management provider failures (unreachable, timed out, throttled) are thrown,
 * never turned into a result. Thread-safe: all state is immutable.
 */
public final class NotationVerifier implements Verifier {
  /** The type name. */
  public static final String TYPE = "notation";

  /** Ratify's success message. */
  public static final String SUCCESS_MESSAGE = "Notation signature verification success";

  /**
   * Upper bound on a signature envelope blob: what the envelope parser accepts, so nothing larger
   * is fetched.
   */
  public static final long MAX_ENVELOPE_BYTES = Envelopes.MAX_ENVELOPE_BYTES;

  private static final Logger LOG = LoggerFactory.getLogger(NotationVerifier.class);

  private final VerifierSettings settings;
  private final TsaChainRevocation tsaRevocation;

  /**
   * A verifier whose TSA-chain revocation step uses the settings' OCSP/CRL checker, as the signing
   * chain's does.
   *
   * @param settings the configuration
   */
  public NotationVerifier(VerifierSettings settings) {
    this(settings, tsaRevocation(settings.revocation()));
  }

  /**
   * The TSA-chain revocation step backed by {@code checker}: a revoked or unknown TSA chain
   * certificate is an authentic-timestamp failure in notation-go's words ({@code timestamping
   * certificate with subject … is revoked} / {@code … revocation status is unknown}); the TSA time
   * is not used to excuse revocations, as in notation-go.
   *
   * @param checker the OCSP/CRL checker
   * @return the step
   */
  public static TsaChainRevocation tsaRevocation(RevocationChecker checker) {
    Objects.requireNonNull(checker, "checker");
    return checker::checkTimestampingChain;
  }

  /**
   * A verifier with the given TSA-chain revocation step.
   *
   * @param settings the configuration
   * @param tsaRevocation checks the revocation status of validated TSA chains
   */
  public NotationVerifier(VerifierSettings settings, TsaChainRevocation tsaRevocation) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tsaRevocation = Objects.requireNonNull(tsaRevocation, "tsaRevocation");
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean verifiable(Descriptor artifact) {
    return settings.artifactTypes().contains(artifact.artifactTypeOrEmpty());
  }

  @Override
  public VerificationResult verify(VerifyRequest request) throws RatifyException {
    Deadline deadline = request.deadline();
    Reference subject = request.subject();
    Map<String, Object> ext = new LinkedHashMap<>();

    if (settings.trustPolicy().kind() != TrustPolicyDocument.Kind.OCI) {
      return VerificationResult.failure(
          ErrorCode.TRUST_POLICY_INVALID,
          "Notation signature verification failed: no trust policy applies",
          "a blob trust policy document cannot verify OCI artifacts",
          Optional.of("configure an OCI trust policy document"),
          ext);
    }
    TrustPolicyStatement statement;
    try {
      statement = settings.trustPolicy().applicableTo(artifactReferences(subject));
    } catch (InvalidTrustPolicyException e) {
      return noApplicableStatement(subject, e, ext);
    }
    ext.put("trustPolicy", statement.name());
    ext.put("verificationLevel", statement.signatureVerification().level().value());
    if (statement.signatureVerification().skipsVerification()) {
      return VerificationResult.success(
          "Notation signature verification skipped: trust policy statement \""
              + statement.name()
              + "\" has level skip",
          ext);
    }

    deadline.check("fetching the signature manifest");
    Manifest manifest = request.store().fetchManifest(subject, request.artifact(), deadline);
    if (manifest.layers().size() != 1) {
      return failure(
          ErrorCode.MANIFEST_INVALID,
          "the signature manifest",
          "a signature manifest must have exactly one layer (the envelope), found "
              + manifest.layers().size(),
          "re-sign the artifact with a Notary Project signer",
          ext);
    }
    Descriptor layer = manifest.layers().get(0);
    ext.put("envelopeMediaType", layer.mediaType());
    if (!layer.mediaType().equals(MediaTypes.JWS_ENVELOPE)
        && !layer.mediaType().equals(MediaTypes.COSE_ENVELOPE)) {
      return failure(
          new VerificationFailure(
              Check.INTEGRITY,
              "signature envelope format with media type "
                  + GoText.quote(layer.mediaType())
                  + " is not supported"),
          ext);
    }
    if (layer.size() > MAX_ENVELOPE_BYTES) {
      return failure(
          ErrorCode.SIZE_LIMIT_EXCEEDED,
          "the signature envelope",
          "the signature envelope is "
              + layer.size()
              + " bytes, more than the "
              + MAX_ENVELOPE_BYTES
              + " bytes allowed",
          "re-sign the artifact with a Notary Project signer",
          ext);
    }
    deadline.check("fetching the signature envelope");
    byte[] blob = request.store().fetchBlob(subject, layer, deadline);
    Descriptor subjectDescriptor = request.subjectDescriptor();
    return verifyEnvelope(
        statement,
        layer.mediaType(),
        blob,
        (payload, envelope) -> matchSubject(payload, subjectDescriptor),
        deadline,
        ext);
  }

  /**
   * Verifies one envelope of an OCI artifact without a store: selects the statement for {@code
   * subject} as {@link #verify} does, then runs {@link #verifyEnvelope}.
   *
   * @param subject the artifact reference, pinned to its digest
   * @param target the artifact's descriptor (what the payload must name)
   * @param mediaType the envelope media type
   * @param envelope the envelope bytes
   * @param deadline bounds trust-store and revocation work
   * @return the result, as {@link #verify} reports it
   * @throws RatifyException when trust material cannot be read
   */
  public VerificationResult verifyArtifactEnvelope(
      Reference subject, Descriptor target, String mediaType, byte[] envelope, Deadline deadline)
      throws RatifyException {
    Map<String, Object> ext = new LinkedHashMap<>();
    if (settings.trustPolicy().kind() != TrustPolicyDocument.Kind.OCI) {
      throw new IllegalStateException("an OCI trust policy document is needed");
    }
    TrustPolicyStatement statement;
    try {
      statement = settings.trustPolicy().applicableTo(artifactReferences(subject));
    } catch (InvalidTrustPolicyException e) {
      return noApplicableStatement(subject, e, ext);
    }
    return verifyUnder(
        statement,
        mediaType,
        envelope,
        (payload, env) -> matchSubject(payload, target),
        deadline,
        ext);
  }

  /**
   * Verifies a detached envelope over a blob (notation's {@code verify-blob}): the statement is
   * chosen by name from the blob trust policy document, or the global statement is used; the
   * payload must name the blob's digest (with the hash of the signature algorithm) and size, and
   * its media type when one is expected.
   *
   * @param policyName the blob trust policy statement, or empty for the global one
   * @param blob computes the blob's digest with a given algorithm and gives its size
   * @param expectedMediaType the blob media type the payload must carry, if any
   * @param mediaType the envelope media type
   * @param envelope the envelope bytes
   * @param deadline bounds trust-store and revocation work
   * @return the result
   * @throws RatifyException when trust material or the blob cannot be read
   */
  public VerificationResult verifyBlobEnvelope(
      Optional<String> policyName,
      BlobDigester blob,
      Optional<String> expectedMediaType,
      String mediaType,
      byte[] envelope,
      Deadline deadline)
      throws RatifyException {
    Map<String, Object> ext = new LinkedHashMap<>();
    if (settings.trustPolicy().kind() != TrustPolicyDocument.Kind.BLOB) {
      throw new IllegalStateException("a blob trust policy document is needed");
    }
    TrustPolicyStatement statement;
    try {
      statement = settings.trustPolicy().blobPolicy(policyName);
    } catch (InvalidTrustPolicyException e) {
      return VerificationResult.failure(
          ErrorCode.TRUST_POLICY_INVALID,
          "Notation signature verification failed: no trust policy applies",
          e.getMessage(),
          Optional.of("name an existing blob trust policy statement, or mark one globalPolicy"),
          ext);
    }
    RatifyException[] readError = new RatifyException[1];
    VerificationResult r =
        verifyUnder(
            statement,
            mediaType,
            envelope,
            (payload, env) -> {
              Digest actual;
              long size;
              try {
                actual = blob.digest(env.algorithm().ociDigestAlgorithm());
                size = blob.size();
              } catch (RatifyException e) {
                readError[0] = e;
                throw new VerificationFailure(Check.INTEGRITY, "the blob could not be read");
              }
              if (!payload.digest().equals(actual)
                  || payload.size() != size
                  || (expectedMediaType.isPresent()
                      && !expectedMediaType.get().equals(payload.mediaType()))) {
                throw new VerificationFailure(
                    Check.INTEGRITY,
                    "integrity check failed. signature does not match the given blob");
              }
            },
            deadline,
            ext);
    if (readError[0] != null) {
      throw readError[0];
    }
    return r;
  }

  /** The blob a detached signature is verified against. */
  public interface BlobDigester {
    /**
     * The blob's digest.
     *
     * @param algorithm {@code sha256}, {@code sha384} or {@code sha512}
     * @return the digest
     * @throws RatifyException when the blob cannot be read
     */
    Digest digest(String algorithm) throws RatifyException;

    /**
     * The blob's size in bytes.
     *
     * @return the size
     * @throws RatifyException when the blob cannot be read
     */
    long size() throws RatifyException;
  }

  private VerificationResult verifyUnder(
      TrustPolicyStatement statement,
      String mediaType,
      byte[] envelope,
      SubjectMatch match,
      Deadline deadline,
      Map<String, Object> ext)
      throws RatifyException {
    ext.put("trustPolicy", statement.name());
    ext.put("verificationLevel", statement.signatureVerification().level().value());
    if (statement.signatureVerification().skipsVerification()) {
      return VerificationResult.success(
          "Notation signature verification skipped: trust policy statement \""
              + statement.name()
              + "\" has level skip",
          ext);
    }
    ext.put("envelopeMediaType", mediaType);
    return verifyEnvelope(statement, mediaType, envelope, match, deadline, ext);
  }

  /** How a verified payload must match what the caller verifies (an artifact or a blob). */
  @FunctionalInterface
  public interface SubjectMatch {
    /**
     * Checks the payload of a signature whose integrity verified.
     *
     * @param payload the signed payload
     * @param envelope the verified envelope
     * @throws VerificationFailure with {@link Check#INTEGRITY} on a mismatch
     */
    void check(Payload payload, SignedEnvelope envelope) throws VerificationFailure;
  }

  /**
   * Verifies one envelope under {@code statement}, with every check of {@link #verify} after the
   * envelope is fetched: integrity (including {@code match}), plugin refusal, authenticity, trusted
   * identity, expiry, authentic timestamp and revocation, under the statement's actions. This is
   * the one implementation behind both {@link #verify} and the public single-envelope API.
   *
   * @param statement the applicable trust policy statement (not of level skip)
   * @param mediaType the envelope media type
   * @param blob the envelope bytes
   * @param match how the payload must match the subject
   * @param deadline bounds trust-store and revocation work
   * @param ext the result extensions collected so far (added to)
   * @return the result
   * @throws RatifyException when trust material cannot be read
   */
  public VerificationResult verifyEnvelope(
      TrustPolicyStatement statement,
      String mediaType,
      byte[] blob,
      SubjectMatch match,
      Deadline deadline,
      Map<String, Object> ext)
      throws RatifyException {
    SignedEnvelope envelope;
    try {
      // Also checks the chain against the certificate rules: like notation, a malformed chain is an
      // integrity failure.
      envelope = Envelopes.parseAndVerify(mediaType, blob);
      describe(envelope, ext);
      Payload payload = Payload.parse(envelope.payload());
      match.check(payload, envelope);
    } catch (VerificationFailure f) {
      return failure(integrity(f), ext);
    }
    if (envelope.verificationPlugin().isPresent()) {
      return failure(
          ErrorCode.UNSUPPORTED,
          "the verification plugin",
          "the signature requires the verification plugin "
              + GoText.quote(envelope.verificationPlugin().get())
              + ", and verification plugins are not supported",
          "sign without a verification plugin",
          ext);
    }

    Instant now = settings.clock().instant();
    List<String> warnings = new ArrayList<>();
    Checks checks = new Checks(statement, warnings);
    Optional<VerificationFailure> enforced =
        checks
            .run(Check.AUTHENTICITY, () -> authenticity(statement, envelope, deadline))
            .or(
                () ->
                    checks.run(
                        Check.TRUSTED_IDENTITY,
                        () -> statement.verifyTrustedIdentity(envelope.leaf())))
            .or(() -> checks.run(Check.EXPIRY, () -> expiry(envelope, now)))
            .or(
                () ->
                    checks.run(
                        Check.AUTHENTIC_TIMESTAMP,
                        () -> authenticTimestamp(statement, envelope, now, deadline)))
            .or(() -> checks.run(Check.REVOCATION, () -> revocation(envelope, deadline)));
    if (checks.thrown != null) {
      throw checks.thrown;
    }
    if (!warnings.isEmpty()) {
      ext.put("warnings", List.copyOf(warnings));
    }
    if (enforced.isPresent()) {
      return failure(enforced.get(), ext);
    }
    return VerificationResult.success(SUCCESS_MESSAGE, ext);
  }

  /**
   * The spellings of the subject that registry scopes may use: the normalised {@code
   * registry/repository}, and for Docker Hub also the repository alone, because references such as
   * {@code local/app} (notation's scope for OCI layouts) are normalised to {@code
   * docker.io/local/app}.
   */
  private static List<String> artifactReferences(Reference subject) {
    String digest = "@" + subject.digest().orElseThrow();
    List<String> out = new ArrayList<>();
    out.add(subject.name() + digest);
    if (subject.registry().equals(Reference.DEFAULT_REGISTRY)) {
      out.add(subject.repository() + digest);
    }
    return out;
  }

  // ---- the checks ----

  /** Runs checks under their policy action; the first enforced failure stops the chain. */
  private static final class Checks {
    private final TrustPolicyStatement statement;
    private final List<String> warnings;
    private RatifyException thrown;

    Checks(TrustPolicyStatement statement, List<String> warnings) {
      this.statement = statement;
      this.warnings = warnings;
    }

    interface Body {
      void run() throws VerificationFailure, RatifyException;
    }

    Optional<VerificationFailure> run(Check check, Body body) {
      ValidationAction action = statement.signatureVerification().action(check);
      if (action == ValidationAction.SKIP || thrown != null) {
        return Optional.empty();
      }
      try {
        body.run();
        return Optional.empty();
      } catch (VerificationFailure f) {
        if (action == ValidationAction.ENFORCE) {
          return Optional.of(f);
        }
        // notation reports the trusted-identity check under the authenticity setting that governs
        // it
        Check type = check == Check.TRUSTED_IDENTITY ? Check.AUTHENTICITY : check;
        String warning =
            type.policyName() + " was set to \"log\" and failed with error: " + f.reason();
        LOG.warn("notation trust policy \"{}\": {}", statement.name(), warning);
        warnings.add(warning);
        return Optional.empty();
      } catch (RatifyException e) {
        thrown = e;
        return Optional.empty();
      }
    }
  }

  private void authenticity(
      TrustPolicyStatement statement, SignedEnvelope envelope, Deadline deadline)
      throws VerificationFailure, RatifyException {
    TrustStoreType type =
        envelope.signingScheme() == SigningScheme.X509_SIGNING_AUTHORITY
            ? TrustStoreType.SIGNING_AUTHORITY
            : TrustStoreType.CA;
    List<X509Certificate> trusted = new ArrayList<>();
    for (TrustStoreRef ref : statement.trustStores(type)) {
      try {
        trusted.addAll(settings.trustStores().certificates(ref, deadline));
      } catch (TrustStoreException e) {
        throw new VerificationFailure(
            Check.AUTHENTICITY, "error while loading the trust store, " + e.getMessage());
      }
    }
    if (trusted.isEmpty()) {
      throw new VerificationFailure(
          Check.AUTHENTICITY,
          "no trusted certificates are found to verify authenticity: trust"
              + " policy statement "
              + GoText.quote(statement.name())
              + " names no trust store of type "
              + GoText.quote(type.value())
              + ", which the signing scheme "
              + envelope.signingScheme().value()
              + " needs");
    }
    List<byte[]> anchors = new ArrayList<>(trusted.size());
    for (X509Certificate c : trusted) {
      anchors.add(der(c));
    }
    for (X509Certificate c : envelope.certificateChain()) {
      byte[] d = der(c);
      for (byte[] a : anchors) {
        if (Arrays.equals(a, d)) {
          return;
        }
      }
    }
    throw new VerificationFailure(
        Check.AUTHENTICITY,
        "the signature's certificate chain does not contain any trusted certificate");
  }

  /** The result when no trust policy statement's registryScopes cover {@code subject}. */
  private static VerificationResult noApplicableStatement(
      Reference subject, InvalidTrustPolicyException e, Map<String, Object> ext) {
    return VerificationResult.failure(
        ErrorCode.TRUST_POLICY_INVALID,
        "Notation signature verification failed: no trust policy applies",
        e.getMessage(),
        Optional.of(
            "add a trust policy statement whose registryScopes include \""
                + subject.name()
                + "\" or \"*\""),
        ext);
  }

  private static void expiry(SignedEnvelope envelope, Instant now) throws VerificationFailure {
    Optional<Instant> expiry = envelope.expiry();
    if (expiry.isPresent() && !now.isBefore(expiry.get())) {
      throw new VerificationFailure(
          Check.EXPIRY,
          "digital signature has expired on \"" + GoText.rfc1123z(expiry.get()) + "\"");
    }
  }

  private void authenticTimestamp(
      TrustPolicyStatement statement, SignedEnvelope envelope, Instant now, Deadline deadline)
      throws VerificationFailure, RatifyException {
    List<X509Certificate> chain = envelope.certificateChain();
    if (envelope.signingScheme() == SigningScheme.X509_SIGNING_AUTHORITY) {
      Instant signed =
          envelope
              .authenticSigningTime()
              .orElseThrow(
                  () ->
                      new VerificationFailure(
                          Check.AUTHENTIC_TIMESTAMP,
                          "the signature has no authentic signing time"));
      for (X509Certificate c : chain) {
        if (signed.isBefore(c.getNotBefore().toInstant())
            || signed.isAfter(c.getNotAfter().toInstant())) {
          throw new VerificationFailure(
              Check.AUTHENTIC_TIMESTAMP,
              "certificate "
                  + GoText.quote(DistinguishedName.goString(c.getSubjectX500Principal()))
                  + " was not valid when the digital signature was produced at \""
                  + GoText.rfc1123z(signed)
                  + "\"");
        }
      }
      return;
    }
    AuthenticTimestamp.verifyX509(
        statement, envelope, now, () -> tsaRoots(statement, deadline), tsaRevocation, deadline);
  }

  private List<X509Certificate> tsaRoots(TrustPolicyStatement statement, Deadline deadline)
      throws VerificationFailure, RatifyException {
    List<X509Certificate> roots = new ArrayList<>();
    for (TrustStoreRef ref : statement.trustStores(TrustStoreType.TSA)) {
      try {
        roots.addAll(settings.trustStores().certificates(ref, deadline));
      } catch (TrustStoreException e) {
        throw new VerificationFailure(
            Check.AUTHENTIC_TIMESTAMP,
            "error while loading the tsa trust store, " + e.getMessage());
      }
    }
    return roots;
  }

  /**
   * The signing chain's revocation status (spec step 6). Only the authentic signing time of the
   * signing-authority scheme spares a certificate revoked with a later invalidity date; under
   * {@code notary.x509} any revocation counts, as in notation-go.
   */
  private void revocation(SignedEnvelope envelope, Deadline deadline)
      throws VerificationFailure, RatifyException {
    Optional<Instant> signingTime =
        envelope.signingScheme() == SigningScheme.X509_SIGNING_AUTHORITY
            ? envelope.authenticSigningTime()
            : Optional.empty();
    ChainResult result =
        settings.revocation().check(envelope.certificateChain(), signingTime, deadline);
    Optional<String> failure = result.failureMessage("signing");
    if (failure.isPresent()) {
      throw new VerificationFailure(Check.REVOCATION, failure.get());
    }
  }

  private static void matchSubject(Payload payload, Descriptor subject) throws VerificationFailure {
    if (!payload.digest().equals(subject.digest())
        || payload.size() != subject.size()
        || !payload.mediaType().equals(subject.mediaType())) {
      throw new VerificationFailure(
          Check.INTEGRITY,
          "content descriptor mismatch: the signature is for "
              + payload.mediaType()
              + " "
              + payload.digest()
              + " ("
              + payload.size()
              + " bytes), the subject is "
              + subject.mediaType()
              + " "
              + subject.digest()
              + " ("
              + subject.size()
              + " bytes)");
    }
  }

  private static VerificationFailure integrity(VerificationFailure f) {
    return f.check() == Check.INTEGRITY
        ? f
        : new VerificationFailure(Check.INTEGRITY, f.reason(), f);
  }

  private static byte[] der(X509Certificate c) throws VerificationFailure {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new VerificationFailure(
          Check.AUTHENTICITY, "a certificate could not be encoded: " + e.getMessage());
    }
  }

  // ---- results ----

  private static void describe(SignedEnvelope envelope, Map<String, Object> ext) {
    X509Certificate leaf = envelope.leaf();
    ext.put("Issuer", DistinguishedName.goString(leaf.getIssuerX500Principal()));
    ext.put("SN", DistinguishedName.goString(leaf.getSubjectX500Principal()));
    ext.put("signingScheme", envelope.signingScheme().value());
    envelope.claimedSigningTime().ifPresent(t -> ext.put("signingTime", t.toString()));
    envelope.expiry().ifPresent(t -> ext.put("expiry", t.toString()));
    envelope.signingAgent().ifPresent(a -> ext.put("signingAgent", a));
  }

  private static VerificationResult failure(VerificationFailure f, Map<String, Object> ext) {
    ext.put("failedCheck", f.check().policyName());
    return VerificationResult.failure(
        f.check().code(),
        "Notation signature verification failed: " + f.check().policyName() + " check failed",
        f.reason(),
        Optional.of(remediation(f.check())),
        ext);
  }

  private static VerificationResult failure(
      ErrorCode code, String what, String reason, String remediation, Map<String, Object> ext) {
    return VerificationResult.failure(
        code,
        "Notation signature verification failed: " + what + " is not acceptable",
        reason,
        Optional.of(remediation),
        ext);
  }

  private static String remediation(Check check) {
    return switch (check) {
      case INTEGRITY ->
          "the signature does not verify or does not sign this artifact; re-sign the artifact";
      case AUTHENTICITY ->
          "add the root certificate of the signing chain to a trust store named in the applicable trust policy statement";
      case TRUSTED_IDENTITY ->
          "add the signer's subject to the trustedIdentities of the applicable trust policy statement, or sign with a trusted identity";
      case EXPIRY -> "the signature has expired; re-sign the artifact";
      case AUTHENTIC_TIMESTAMP ->
          "re-sign the artifact with a currently valid certificate, or adjust verifyTimestamp and the tsa trust stores of the trust policy";
      case REVOCATION ->
          "a certificate of the signing chain is revoked, or its OCSP responder and CRLs gave no current answer; re-sign with a valid certificate, make the responders reachable (or fill the CRL cache directory), or set the trust policy override revocation to \"log\"";
    };
  }
}
