package io.ratify.notation.internal.x509;

import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import java.security.AlgorithmParameters;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Notary Project certificate-chain rules (notary-notes §1.6), deterministic and
 * time-independent: validity periods are checked separately by {@link ChainValidity}. Failure
 * messages reuse notation-core-go's wording.
 *
 * <p>Where notation-core-go is laxer than the specification, these rules follow the specification:
 *
 * <ul>
 *   <li>SHA-1 (and MD5/MD2) certificate signatures are refused everywhere, including the
 *       self-signature of a single-certificate chain, which Go accepts;
 *   <li>{@code anyExtendedKeyUsage} in a code-signing leaf is refused (Go accepts it);
 *   <li>CA certificates must mark BasicConstraints critical (Go does not check criticality).
 * </ul>
 */
public final class CertificateRules {
  /** Longest chain accepted, leaf and root included. */
  public static final int MAX_CHAIN_LENGTH = 10;

  private static final String EKU_ANY = "2.5.29.37.0";
  private static final String EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
  private static final String EXT_BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String EXT_KEY_USAGE = "2.5.29.15";
  private static final String EXT_EKU = "2.5.29.37";

  /** EKUs a code-signing leaf must not carry, with Go's names. */
  private static final Map<String, String> FORBIDDEN_CODE_SIGNING_EKU =
      Map.of(
          "1.3.6.1.5.5.7.3.1",
          "ServerAuth",
          "1.3.6.1.5.5.7.3.2",
          "ClientAuth",
          "1.3.6.1.5.5.7.3.4",
          "EmailProtection",
          EKU_TIME_STAMPING,
          "TimeStamping",
          "1.3.6.1.5.5.7.3.9",
          "OCSPSigning",
          EKU_ANY,
          "Any");

  private static final Set<String> WEAK_SIGNATURE_OIDS =
      Set.of(
          "1.2.840.113549.1.1.5", // sha1WithRSAEncryption
          "1.3.14.3.2.29", // sha1WithRSA (OIW)
          "1.2.840.10045.4.1", // ecdsa-with-SHA1
          "1.2.840.10040.4.3", // dsa-with-sha1
          "1.2.840.113549.1.1.4", // md5WithRSAEncryption
          "1.2.840.113549.1.1.2"); // md2WithRSAEncryption

  private static final String RSASSA_PSS_OID = "1.2.840.113549.1.1.10";

  /** Leaf key usage bits that must be clear, with Go's names (index = bit position). */
  private static final String[] KU_NAMES = {
    "DigitalSignature",
    "ContentCommitment",
    "KeyEncipherment",
    "DataEncipherment",
    "KeyAgreement",
    "CertSign",
    "CRLSign",
    "EncipherOnly",
    "DecipherOnly"
  };

  /**
   * BouncyCastle, created on first use only: it is a fallback, and loading it costs hundreds of
   * classes.
   */
  private static final class Bc {
    static final java.security.Provider PROVIDER =
        new org.bouncycastle.jce.provider.BouncyCastleProvider();
  }

  private CertificateRules() {}

  /**
   * Validates a code-signing chain (leaf first, self-signed root last).
   *
   * @throws VerificationFailure with {@link Check#AUTHENTICITY} naming the first broken rule
   */
  public static void validateCodeSigningChain(List<X509Certificate> chain)
      throws VerificationFailure {
    validateStructure(chain);
    validateCodeSigningLeaf(chain.get(0));
    for (int i = 1; i < chain.size(); i++) {
      validateCa(chain.get(i), i - 1);
    }
  }

  /**
   * Validates a timestamping (TSA) chain: the same structure and CA rules; the leaf's key usage
   * need not be critical, its extended key usage must be exactly {@code timeStamping} and critical,
   * and its key one of the six specs.
   *
   * @throws VerificationFailure with {@link Check#AUTHENTICITY} naming the first broken rule
   */
  public static void validateTimestampingChain(List<X509Certificate> chain)
      throws VerificationFailure {
    validateStructure(chain);
    validateTimestampingLeaf(chain.get(0));
    for (int i = 1; i < chain.size(); i++) {
      validateCa(chain.get(i), i - 1);
    }
  }

  /**
   * Checks that the certificate's key is one of the six Notary Project key specs.
   *
   * @throws VerificationFailure with {@link Check#AUTHENTICITY} otherwise
   */
  public static void validateKeySpec(X509Certificate cert) throws VerificationFailure {
    KeySpecs.Result r = KeySpecs.algorithmFor(cert.getPublicKey());
    if (r.algorithm().isEmpty()) {
      throw fail("certificate with subject " + q(cert) + ": " + r.problem());
    }
  }

  // --- structure
  // -------------------------------------------------------------------------------------------------

  private static void validateStructure(List<X509Certificate> chain) throws VerificationFailure {
    if (chain == null || chain.isEmpty()) {
      throw fail("certificate chain must contain at least one certificate");
    }
    if (chain.size() > MAX_CHAIN_LENGTH) {
      throw fail(
          "certificate chain has "
              + chain.size()
              + " certificates, more than the "
              + MAX_CHAIN_LENGTH
              + " allowed");
    }
    for (X509Certificate c : chain) {
      rejectWeakSignature(c);
    }
    if (chain.size() == 1) {
      X509Certificate only = chain.get(0);
      String err = selfSignatureError(only);
      if (err != null) {
        throw fail("invalid self-signed certificate. subject: " + q(only) + ". Error: " + err);
      }
      return;
    }
    int last = chain.size() - 1;
    for (int i = 0; i < last; i++) {
      X509Certificate cert = chain.get(i);
      if (selfSignatureError(cert) == null) {
        String role = i == 0 ? "leaf" : "intermediate";
        throw fail(
            role
                + " certificate with subject "
                + q(cert)
                + " is self-signed. Certificate chain must not contain"
                + " self-signed "
                + role
                + " certificate");
      }
      X509Certificate parent = chain.get(i + 1);
      String err = issuedByError(cert, parent);
      if (err != null) {
        throw fail(
            "invalid certificates or certificate with subject "
                + q(cert)
                + " is not issued by "
                + q(parent)
                + ". Error: "
                + err);
      }
    }
    X509Certificate root = chain.get(last);
    String err = selfSignatureError(root);
    if (err != null) {
      throw fail(
          "root certificate with subject "
              + q(root)
              + " is invalid or not self-signed. Certificate chain must end"
              + " with a valid self-signed root certificate. Error: "
              + err);
    }
  }

  /**
   * Null if {@code cert} is self-issued and its signature verifies with its own key, else why not.
   */
  private static String selfSignatureError(X509Certificate cert) {
    if (!cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
      return "issuer and subject differ";
    }
    return signatureError(cert, cert.getPublicKey());
  }

  private static String issuedByError(X509Certificate cert, X509Certificate parent) {
    if (!cert.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
      return "issuer name does not match the subject of the next certificate";
    }
    if (parent.getBasicConstraints() < 0) {
      return "parent certificate cannot sign this kind of certificate";
    }
    return signatureError(cert, parent.getPublicKey());
  }

  private static String signatureError(X509Certificate cert, PublicKey key) {
    try {
      cert.verify(key);
      return null;
    } catch (Exception e) {
      // Provider exceptions on crafted input are many and unchecked; each only means "does not
      // verify". The JDK no
      // longer implements some curves (e.g. P-224): BouncyCastle decides those, so the key-spec
      // rule can report them.
      try {
        cert.verify(key, Bc.PROVIDER);
        return null;
      } catch (Exception again) {
        return "signature verification error";
      }
    }
  }

  private static void rejectWeakSignature(X509Certificate cert) throws VerificationFailure {
    String oid = cert.getSigAlgOID();
    if (WEAK_SIGNATURE_OIDS.contains(oid)) {
      throw fail(
          "certificate with subject "
              + q(cert)
              + " is signed with the weak algorithm "
              + cert.getSigAlgName()
              + "; SHA-1 and MD5 signatures are not accepted");
    }
    if (RSASSA_PSS_OID.equals(oid)) {
      String hash = pssHash(cert.getSigAlgParams());
      if (hash == null || hash.equalsIgnoreCase("SHA-1") || hash.equalsIgnoreCase("SHA1")) {
        throw fail(
            "certificate with subject "
                + q(cert)
                + " is signed with RSASSA-PSS over SHA-1 (or unreadable"
                + " parameters); SHA-1 signatures are not accepted");
      }
    }
  }

  private static String pssHash(byte[] params) {
    if (params == null) {
      return "SHA-1"; // absent parameters mean the RFC 4055 defaults: SHA-1
    }
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
      p.init(params);
      return p.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
    } catch (Exception e) {
      return null;
    }
  }

  // --- leaf rules
  // --------------------------------------------------------------------------------------------------

  private static void validateCodeSigningLeaf(X509Certificate cert) throws VerificationFailure {
    if (hasExtension(cert, EXT_BASIC_CONSTRAINTS) && cert.getBasicConstraints() >= 0) {
      throw fail(
          "certificate with subject "
              + q(cert)
              + ": if the basic constraints extension is present, the ca field must"
              + " be set to false");
    }
    boolean[] ku = criticalKeyUsage(cert);
    if (!bit(ku, 0)) {
      throw fail(
          "the certificate with subject "
              + q(cert)
              + " is invalid. The key usage must have the bit positions for"
              + " \"Digital Signature\" set");
    }
    StringBuilder extra = new StringBuilder();
    for (int i = 2; i < KU_NAMES.length; i++) {
      if (bit(ku, i)) {
        extra.append(extra.length() == 0 ? "" : ", ").append('"').append(KU_NAMES[i]).append('"');
      }
    }
    if (extra.length() > 0) {
      throw fail(
          "the certificate with subject "
              + q(cert)
              + " is invalid. The key usage must be \"Digital Signature\" only,"
              + " but found "
              + extra);
    }
    for (String eku : ekus(cert)) {
      String name = FORBIDDEN_CODE_SIGNING_EKU.get(eku);
      if (name != null) {
        throw fail(
            "certificate with subject "
                + q(cert)
                + ": extended key usage must not contain "
                + name
                + " eku");
      }
    }
    validateKeySpec(cert);
  }

  private static void validateTimestampingLeaf(X509Certificate cert) throws VerificationFailure {
    if (hasExtension(cert, EXT_BASIC_CONSTRAINTS) && cert.getBasicConstraints() >= 0) {
      throw fail(
          "certificate with subject "
              + q(cert)
              + ": if the basic constraints extension is present, the ca field must"
              + " be set to false");
    }
    boolean[] ku = cert.getKeyUsage();
    if (ku == null) {
      throw fail("certificate with subject " + q(cert) + ": key usage extension must be present");
    }
    if (!bit(ku, 0)) {
      throw fail(
          "the certificate with subject "
              + q(cert)
              + " is invalid. The key usage must have the bit positions for"
              + " \"Digital Signature\" set");
    }
    List<String> ekus = ekus(cert);
    if (!ekus.equals(List.of(EKU_TIME_STAMPING))) {
      throw fail(
          "timestamping certificate with subject "
              + q(cert)
              + " must have and only have TimeStamping as extended"
              + " key usage");
    }
    if (!isCritical(cert, EXT_EKU)) {
      throw fail(
          "timestamping certificate with subject "
              + q(cert)
              + " must have extended key usage extension marked"
              + " critical");
    }
    validateKeySpec(cert);
  }

  /** The key usage bits, which must be present and marked critical (leaf and CA alike). */
  private static boolean[] criticalKeyUsage(X509Certificate cert) throws VerificationFailure {
    boolean[] ku = cert.getKeyUsage();
    if (ku == null) {
      throw fail("certificate with subject " + q(cert) + ": key usage extension must be present");
    }
    if (!isCritical(cert, EXT_KEY_USAGE)) {
      throw fail(
          "certificate with subject " + q(cert) + ": key usage extension must be marked critical");
    }
    return ku;
  }

  // --- CA rules
  // ----------------------------------------------------------------------------------------------------

  private static void validateCa(X509Certificate cert, int expectedPathLen)
      throws VerificationFailure {
    if (cert.getBasicConstraints() < 0 || !isCritical(cert, EXT_BASIC_CONSTRAINTS)) {
      throw fail(
          "certificate with subject "
              + q(cert)
              + ": ca field in basic constraints must be present, critical, and set"
              + " to true");
    }
    boolean[] ku = criticalKeyUsage(cert);
    if (!bit(ku, 5)) {
      throw fail(
          "certificate with subject "
              + q(cert)
              + ": key usage must have the bit positions for key cert sign set");
    }
    int pathLen = cert.getBasicConstraints();
    if (pathLen != Integer.MAX_VALUE && expectedPathLen > pathLen) {
      throw fail(
          "certificate with subject "
              + q(cert)
              + ": expected path length of "
              + expectedPathLen
              + " but certificate has path length "
              + pathLen
              + " instead");
    }
  }

  // --- helpers
  // -----------------------------------------------------------------------------------------------------

  private static List<String> ekus(X509Certificate cert) throws VerificationFailure {
    try {
      List<String> l = cert.getExtendedKeyUsage();
      return l == null ? List.of() : l;
    } catch (CertificateParsingException | RuntimeException e) {
      throw fail(
          "certificate with subject "
              + q(cert)
              + ": extended key usage extension cannot be parsed");
    }
  }

  private static boolean bit(boolean[] bits, int i) {
    return i < bits.length && bits[i];
  }

  private static boolean hasExtension(X509Certificate cert, String oid) {
    return cert.getExtensionValue(oid) != null;
  }

  private static boolean isCritical(X509Certificate cert, String oid) {
    Set<String> crit = cert.getCriticalExtensionOIDs();
    return crit != null && crit.contains(oid);
  }

  /** The subject in quotes, as Go prints it. */
  static String q(X509Certificate cert) {
    return "\"" + Subjects.of(cert) + "\"";
  }

  private static VerificationFailure fail(String reason) {
    return new VerificationFailure(Check.AUTHENTICITY, reason);
  }
}
