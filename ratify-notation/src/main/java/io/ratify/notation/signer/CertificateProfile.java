package io.ratify.notation.signer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link CertificateAuthority} puts in a certificate. Start from {@link #codeSigningLeaf},
 * {@link #ca} or {@link #timestampingLeaf}, which follow the Notary Project rules, and change one
 * field with {@link #toBuilder()} to make a certificate that breaks exactly one rule.
 *
 * @param subject the subject distinguished name (RFC 4514, e.g. {@code
 *     CN=leaf,O=Notary,ST=WA,C=US})
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param keyUsage key usage bits; empty omits the extension
 * @param keyUsageCritical whether key usage is critical
 * @param extendedKeyUsage EKU OIDs; empty omits the extension
 * @param extendedKeyUsageCritical whether EKU is critical
 * @param basicConstraints whether the BasicConstraints extension is present
 * @param ca the BasicConstraints cA flag
 * @param pathLength the BasicConstraints pathLenConstraint, if any
 * @param basicConstraintsCritical whether BasicConstraints is critical
 * @param signatureAlgorithm a JCA signature algorithm for the issuer's signature (e.g. {@code
 *     SHA1withRSA}); empty picks SHA-256/384/512 to match the issuer key
 * @param ocspUrls OCSP responder URIs for Authority Information Access
 * @param crlUrls CRL distribution point URIs
 */
public record CertificateProfile(
    String subject,
    Instant notBefore,
    Instant notAfter,
    Set<KeyUsage> keyUsage,
    boolean keyUsageCritical,
    List<String> extendedKeyUsage,
    boolean extendedKeyUsageCritical,
    boolean basicConstraints,
    boolean ca,
    Optional<Integer> pathLength,
    boolean basicConstraintsCritical,
    Optional<String> signatureAlgorithm,
    List<String> ocspUrls,
    List<String> crlUrls) {

  public static final String EKU_CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
  public static final String EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
  public static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  public static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  public static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
  public static final String EKU_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
  public static final String EKU_ANY = "2.5.29.37.0";

  /** X.509 key usage bits. */
  public enum KeyUsage {
    DIGITAL_SIGNATURE,
    NON_REPUDIATION,
    KEY_ENCIPHERMENT,
    DATA_ENCIPHERMENT,
    KEY_AGREEMENT,
    KEY_CERT_SIGN,
    CRL_SIGN,
    ENCIPHER_ONLY,
    DECIPHER_ONLY
  }

  public CertificateProfile {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    keyUsage = keyUsage.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(keyUsage));
    extendedKeyUsage = List.copyOf(extendedKeyUsage);
    Objects.requireNonNull(pathLength, "pathLength");
    Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    ocspUrls = List.copyOf(ocspUrls);
    crlUrls = List.copyOf(crlUrls);
    if (notAfter.isBefore(notBefore)) {
      throw new IllegalArgumentException("notAfter is before notBefore");
    }
  }

  /**
   * A code-signing leaf valid from one hour ago for a year: KU digitalSignature (critical), EKU
   * codeSigning, BasicConstraints cA=false.
   */
  public static CertificateProfile codeSigningLeaf(String subject) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new CertificateProfile(
        subject,
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(365)),
        Set.of(KeyUsage.DIGITAL_SIGNATURE),
        true,
        List.of(EKU_CODE_SIGNING),
        false,
        true,
        false,
        Optional.empty(),
        false,
        Optional.empty(),
        List.of(),
        List.of());
  }

  /**
   * A CA valid from one hour ago for ten years: BasicConstraints cA=true (critical) without path
   * length, KU keyCertSign and cRLSign (critical).
   */
  public static CertificateProfile ca(String subject) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new CertificateProfile(
        subject,
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(3650)),
        Set.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN),
        true,
        List.of(),
        false,
        true,
        true,
        Optional.empty(),
        true,
        Optional.empty(),
        List.of(),
        List.of());
  }

  /** A timestamping (TSA) leaf: KU digitalSignature, EKU exactly timeStamping and critical. */
  public static CertificateProfile timestampingLeaf(String subject) {
    return codeSigningLeaf(subject).toBuilder()
        .extendedKeyUsage(List.of(EKU_TIME_STAMPING), true)
        .build();
  }

  /** A builder starting from this profile. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes fields of a profile. */
  public static final class Builder {
    private String subject;
    private Instant notBefore;
    private Instant notAfter;
    private Set<KeyUsage> keyUsage;
    private boolean keyUsageCritical;
    private List<String> eku;
    private boolean ekuCritical;
    private boolean basicConstraints;
    private boolean ca;
    private Optional<Integer> pathLength;
    private boolean bcCritical;
    private Optional<String> signatureAlgorithm;
    private List<String> ocspUrls;
    private List<String> crlUrls;

    private Builder(CertificateProfile p) {
      subject = p.subject;
      notBefore = p.notBefore;
      notAfter = p.notAfter;
      keyUsage = p.keyUsage;
      keyUsageCritical = p.keyUsageCritical;
      eku = p.extendedKeyUsage;
      ekuCritical = p.extendedKeyUsageCritical;
      basicConstraints = p.basicConstraints;
      ca = p.ca;
      pathLength = p.pathLength;
      bcCritical = p.basicConstraintsCritical;
      signatureAlgorithm = p.signatureAlgorithm;
      ocspUrls = p.ocspUrls;
      crlUrls = p.crlUrls;
    }

    public Builder subject(String s) {
      subject = s;
      return this;
    }

    public Builder validity(Instant from, Instant to) {
      notBefore = from;
      notAfter = to;
      return this;
    }

    /** Key usage bits; an empty set omits the extension. */
    public Builder keyUsage(Set<KeyUsage> bits, boolean critical) {
      keyUsage = bits;
      keyUsageCritical = critical;
      return this;
    }

    /** EKU OIDs; an empty list omits the extension. */
    public Builder extendedKeyUsage(List<String> oids, boolean critical) {
      eku = oids;
      ekuCritical = critical;
      return this;
    }

    /** BasicConstraints present with these values. */
    public Builder basicConstraints(boolean isCa, Optional<Integer> pathLen, boolean critical) {
      basicConstraints = true;
      ca = isCa;
      pathLength = pathLen;
      bcCritical = critical;
      return this;
    }

    /** Leaves BasicConstraints out. */
    public Builder noBasicConstraints() {
      basicConstraints = false;
      return this;
    }

    /**
     * The issuer's signature algorithm (JCA name), e.g. {@code SHA1withRSA} to make a SHA-1
     * certificate.
     */
    public Builder signatureAlgorithm(String jcaName) {
      signatureAlgorithm = Optional.of(jcaName);
      return this;
    }

    public Builder ocspUrls(List<String> urls) {
      ocspUrls = urls;
      return this;
    }

    public Builder crlUrls(List<String> urls) {
      crlUrls = urls;
      return this;
    }

    public CertificateProfile build() {
      return new CertificateProfile(
          subject,
          notBefore,
          notAfter,
          keyUsage,
          keyUsageCritical,
          eku,
          ekuCritical,
          basicConstraints,
          ca,
          pathLength,
          bcCritical,
          signatureAlgorithm,
          ocspUrls,
          crlUrls);
    }
  }
}
