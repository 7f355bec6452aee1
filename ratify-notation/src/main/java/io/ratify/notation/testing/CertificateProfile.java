package io.ratify.notation.testing;

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
 * @param ca what a {@link CertificateAuthority} puts in a certificate
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

  /** Extended key usage id-kp-codeSigning. */
  public static final String EKU_CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

  /** Extended key usage id-kp-timeStamping. */
  public static final String EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

  /** Extended key usage id-kp-serverAuth. */
  public static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  /** Extended key usage id-kp-clientAuth. */
  public static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  /** Extended key usage id-kp-emailProtection. */
  public static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";

  /** Extended key usage id-kp-OCSPSigning. */
  public static final String EKU_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

  /** Extended key usage anyExtendedKeyUsage. */
  public static final String EKU_ANY = "2.5.29.37.0";

  /** X.509 key usage bits. */
  public enum KeyUsage {
    /** digitalSignature (bit 0). */
    DIGITAL_SIGNATURE,
    /** nonRepudiation, also contentCommitment (bit 1). */
    NON_REPUDIATION,
    /** keyEncipherment (bit 2). */
    KEY_ENCIPHERMENT,
    /** dataEncipherment (bit 3). */
    DATA_ENCIPHERMENT,
    /** keyAgreement (bit 4). */
    KEY_AGREEMENT,
    /** keyCertSign (bit 5). */
    KEY_CERT_SIGN,
    /** cRLSign (bit 6). */
    CRL_SIGN,
    /** encipherOnly (bit 7). */
    ENCIPHER_ONLY,
    /** decipherOnly (bit 8). */
    DECIPHER_ONLY
  }

  /**
   * Checks the components and copies the collections.
   *
   * @param basicConstraints the basic constraints
   * @param basicConstraintsCritical the basic constraints critical
   * @param ca the ca
   * @param crlUrls the crl urls
   * @param extendedKeyUsage the extended key usage
   * @param extendedKeyUsageCritical the extended key usage critical
   * @param keyUsage the key usage
   * @param keyUsageCritical the key usage critical
   * @param notAfter the not after
   * @param notBefore the not before
   * @param ocspUrls the ocsp urls
   * @param pathLength the path length
   * @param signatureAlgorithm the signature algorithm
   * @param subject the subject
   */
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
   *
   * @param subject the subject
   * @return a code-signing leaf valid from one hour ago for a year: KU digitalSignature (critical),
   *     EKU codeSigning, BasicConstraints cA=false
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
   *
   * @param subject the subject
   * @return a CA valid from one hour ago for ten years: BasicConstraints cA=true (critical) without
   *     path length, KU keyCertSign and cRLSign (critical)
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

  /**
   * A timestamping (TSA) leaf: KU digitalSignature, EKU exactly timeStamping and critical.
   *
   * @param subject the subject
   * @return a timestamping (TSA) leaf: KU digitalSignature, EKU exactly timeStamping and critical
   */
  public static CertificateProfile timestampingLeaf(String subject) {
    return codeSigningLeaf(subject).toBuilder()
        .extendedKeyUsage(List.of(EKU_TIME_STAMPING), true)
        .build();
  }

  /**
   * A builder starting from this profile.
   *
   * @return a builder starting from this profile
   */
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

    /**
     * The subject distinguished name, in RFC 4514 form.
     *
     * @param s the subject, such as {@code CN=signer,O=example}
     * @return this builder
     */
    public Builder subject(String s) {
      subject = s;
      return this;
    }

    /**
     * The validity period.
     *
     * @param from notBefore
     * @param to notAfter
     * @return this builder
     */
    public Builder validity(Instant from, Instant to) {
      notBefore = from;
      notAfter = to;
      return this;
    }

    /**
     * Key usage bits; an empty set omits the extension.
     *
     * @param bits key usage bits
     * @param critical whether the extension is marked critical
     * @return this builder
     */
    public Builder keyUsage(Set<KeyUsage> bits, boolean critical) {
      keyUsage = bits;
      keyUsageCritical = critical;
      return this;
    }

    /**
     * EKU OIDs; an empty list omits the extension.
     *
     * @param oids the oids
     * @param critical whether the extension is marked critical
     * @return this builder
     */
    public Builder extendedKeyUsage(List<String> oids, boolean critical) {
      eku = oids;
      ekuCritical = critical;
      return this;
    }

    /**
     * BasicConstraints present with these values.
     *
     * @param isCa whether the certificate is a CA
     * @param pathLen the path length constraint, if any
     * @param critical whether the extension is marked critical
     * @return this builder
     */
    public Builder basicConstraints(boolean isCa, Optional<Integer> pathLen, boolean critical) {
      basicConstraints = true;
      ca = isCa;
      pathLength = pathLen;
      bcCritical = critical;
      return this;
    }

    /**
     * Leaves BasicConstraints out.
     *
     * @return this builder
     */
    public Builder noBasicConstraints() {
      basicConstraints = false;
      return this;
    }

    /**
     * The issuer's signature algorithm (JCA name), e.g. {@code SHA1withRSA} to make a SHA-1
     * certificate.
     *
     * @param jcaName the jca name
     * @return this builder
     */
    public Builder signatureAlgorithm(String jcaName) {
      signatureAlgorithm = Optional.of(jcaName);
      return this;
    }

    /**
     * OCSP responder URLs for the Authority Information Access extension; empty omits them.
     *
     * @param urls the responder URLs
     * @return this builder
     */
    public Builder ocspUrls(List<String> urls) {
      ocspUrls = urls;
      return this;
    }

    /**
     * CRL distribution point URLs; empty omits the extension.
     *
     * @param urls the distribution point URLs
     * @return this builder
     */
    public Builder crlUrls(List<String> urls) {
      crlUrls = urls;
      return this;
    }

    /**
     * The profile with the fields set so far.
     *
     * @return the profile
     */
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
