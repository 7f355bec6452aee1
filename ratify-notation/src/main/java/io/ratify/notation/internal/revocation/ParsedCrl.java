package io.ratify.notation.internal.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * A CRL (RFC 5280 §5) parsed once and indexed by serial number. Parsing rejects what this verifier
 * does not understand and must not ignore: non-DER encoding, unknown critical CRL or entry
 * extensions (including the certificateIssuer of indirect CRLs). Signature verification is memoised
 * per issuer key, so a cached CRL is verified once. Immutable apart from that memo; thread-safe.
 */
final class ParsedCrl {
  /** Allowance for CRL issuers whose clocks run slightly ahead. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Set<ASN1ObjectIdentifier> KNOWN_CRL_EXTENSIONS =
      Set.of(
          Extension.cRLNumber,
          Extension.authorityKeyIdentifier,
          Extension.issuingDistributionPoint,
          Extension.deltaCRLIndicator,
          Extension.freshestCRL,
          Extension.issuerAlternativeName,
          Extension.expiredCertsOnCRL);

  private static final Set<ASN1ObjectIdentifier> KNOWN_ENTRY_EXTENSIONS =
      Set.of(Extension.reasonCode, Extension.invalidityDate);

  /**
   * One CRL entry for a serial number.
   *
   * @param revocationDate when it was revoked
   * @param reason the CRLReason code, if given
   * @param invalidityDate when the key is known or suspected to have been compromised, if given
   */
  record Entry(Instant revocationDate, Optional<Integer> reason, Optional<Instant> invalidityDate) {
    boolean removesFromCrl() {
      return reason.isPresent() && reason.get() == CRLReason.removeFromCRL;
    }
  }

  private final byte[] encoded;
  private final X509CRLHolder holder;
  private final Instant thisUpdate;
  private final Optional<Instant> nextUpdate;
  private final Optional<BigInteger> number;
  private final Optional<BigInteger> deltaIndicator;
  private final List<String> freshestUrls;
  private final Optional<IssuingDistributionPoint> idp;
  private final Map<BigInteger, List<Entry>> entries;
  private final Set<String> verifiedIssuers = ConcurrentHashMap.newKeySet();

  private ParsedCrl(byte[] encoded, X509CRLHolder holder)
      throws StatusUnknownException, java.text.ParseException {
    this.encoded = encoded;
    this.holder = holder;
    Extensions exts = holder.getExtensions();
    if (exts != null) {
      for (ASN1ObjectIdentifier oid : exts.getCriticalExtensionOIDs()) {
        if (!KNOWN_CRL_EXTENSIONS.contains(oid)) {
          throw new StatusUnknownException("CRL has an unsupported critical extension " + oid);
        }
      }
    }
    this.thisUpdate = holder.getThisUpdate().toInstant();
    this.nextUpdate = Optional.ofNullable(holder.getNextUpdate()).map(java.util.Date::toInstant);
    this.number = integer(holder.getExtension(Extension.cRLNumber));
    this.deltaIndicator = integer(holder.getExtension(Extension.deltaCRLIndicator));
    Extension fresh = holder.getExtension(Extension.freshestCRL);
    this.freshestUrls =
        fresh == null
            ? List.of()
            : distributionPointUrls(CRLDistPoint.getInstance(fresh.getParsedValue()));
    Extension idpExt = holder.getExtension(Extension.issuingDistributionPoint);
    this.idp =
        idpExt == null
            ? Optional.empty()
            : Optional.of(IssuingDistributionPoint.getInstance(idpExt.getParsedValue()));
    Map<BigInteger, List<Entry>> index = new HashMap<>();
    Collection<?> revoked = holder.getRevokedCertificates();
    for (Object o : revoked) {
      X509CRLEntryHolder e = (X509CRLEntryHolder) o;
      Extensions ee = e.getExtensions();
      if (ee != null) {
        for (ASN1ObjectIdentifier oid : ee.getCriticalExtensionOIDs()) {
          if (!KNOWN_ENTRY_EXTENSIONS.contains(oid)) {
            throw new StatusUnknownException(
                "CRL entry has an unsupported critical extension " + oid);
          }
        }
      }
      Optional<Integer> reason = Optional.empty();
      Extension r = e.getExtension(Extension.reasonCode);
      if (r != null) {
        reason = Optional.of(ASN1Enumerated.getInstance(r.getParsedValue()).intValueExact());
      }
      Optional<Instant> invalidity = Optional.empty();
      Extension inv = e.getExtension(Extension.invalidityDate);
      if (inv != null) {
        invalidity =
            Optional.of(
                ASN1GeneralizedTime.getInstance(inv.getParsedValue()).getDate().toInstant());
      }
      index
          .computeIfAbsent(e.getSerialNumber(), k -> new ArrayList<>(1))
          .add(new Entry(e.getRevocationDate().toInstant(), reason, invalidity));
    }
    for (List<Entry> l : index.values()) {
      l.sort(Comparator.comparing(Entry::revocationDate));
    }
    this.entries = index;
  }

  /**
   * Parses a DER CRL.
   *
   * @throws StatusUnknownException when it is not one, or carries what this verifier cannot honour
   */
  static ParsedCrl parse(byte[] der) throws StatusUnknownException {
    Der.requireStrictDer(der, "CRL");
    try {
      return new ParsedCrl(der, new X509CRLHolder(der));
    } catch (IOException | java.text.ParseException | RuntimeException e) {
      throw new StatusUnknownException("malformed CRL: " + e.getMessage(), e);
    }
  }

  byte[] encoded() {
    return encoded.clone();
  }

  int size() {
    return encoded.length;
  }

  Optional<Instant> nextUpdate() {
    return nextUpdate;
  }

  Optional<BigInteger> number() {
    return number;
  }

  Optional<BigInteger> deltaIndicator() {
    return deltaIndicator;
  }

  boolean isDelta() {
    return deltaIndicator.isPresent();
  }

  List<String> freshestUrls() {
    return freshestUrls;
  }

  Optional<IssuingDistributionPoint> issuingDistributionPoint() {
    return idp;
  }

  X500Name issuer() {
    return holder.getIssuer();
  }

  /** The entries for {@code serial}, oldest first. */
  List<Entry> entries(BigInteger serial) {
    return entries.getOrDefault(serial, List.of());
  }

  /**
   * Checks that {@code issuer} signed this CRL: names match, the issuer may sign CRLs (key usage
   * cRLSign when key usage is present), and the signature verifies.
   */
  void verifyIssuedBy(X509Certificate issuer) throws StatusUnknownException {
    PublicKey key = issuer.getPublicKey();
    String memo =
        Der.sha256Hex(key.getEncoded())
            + Der.sha256Hex(issuer.getSubjectX500Principal().getEncoded());
    if (verifiedIssuers.contains(memo)) {
      return;
    }
    if (!sameName(holder.getIssuer(), issuer)) {
      throw new StatusUnknownException("the CRL issuer is not the certificate's issuer");
    }
    boolean[] ku = issuer.getKeyUsage();
    if (ku != null && (ku.length < 7 || !ku[6])) {
      throw new StatusUnknownException("the CRL issuer's key usage does not allow cRLSign");
    }
    boolean valid;
    try {
      valid = holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
    } catch (Exception e) {
      throw new StatusUnknownException("CRL signature cannot be verified: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new StatusUnknownException("CRL signature does not verify with the issuer's key");
    }
    verifiedIssuers.add(memo);
  }

  /**
   * Name equality as RFC 5280 §7.1 compares names: exact encodings, else BouncyCastle's normalised
   * comparison, which parses attribute values and may fail on malformed ones.
   */
  private static boolean sameName(X500Name crlIssuer, X509Certificate issuer)
      throws StatusUnknownException {
    try {
      byte[] expected = issuer.getSubjectX500Principal().getEncoded();
      return java.util.Arrays.equals(crlIssuer.getEncoded(), expected)
          || crlIssuer.equals(X500Name.getInstance(expected));
    } catch (IOException | RuntimeException e) {
      throw new StatusUnknownException("the CRL issuer name is malformed", e);
    }
  }

  /** Checks {@code thisUpdate <= now < nextUpdate}; a CRL without nextUpdate is never current. */
  void requireCurrent(Instant now) throws StatusUnknownException {
    if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
      throw new StatusUnknownException("CRL thisUpdate " + thisUpdate + " is in the future");
    }
    if (nextUpdate.isEmpty()) {
      throw new StatusUnknownException("CRL has no nextUpdate");
    }
    if (!now.isBefore(nextUpdate.get())) {
      throw new StatusUnknownException("CRL expired at " + nextUpdate.get());
    }
  }

  boolean isCurrent(Instant now) {
    try {
      requireCurrent(now);
      return true;
    } catch (StatusUnknownException e) {
      return false;
    }
  }

  private static Optional<BigInteger> integer(Extension e) {
    return e == null
        ? Optional.empty()
        : Optional.of(ASN1Integer.getInstance(e.getParsedValue()).getValue());
  }

  /** The full-name URIs of distribution points (CDP or FreshestCRL). */
  static List<String> distributionPointUrls(CRLDistPoint points) {
    List<String> out = new ArrayList<>();
    for (DistributionPoint p : points.getDistributionPoints()) {
      DistributionPointName n = p.getDistributionPoint();
      if (n != null && n.getType() == DistributionPointName.FULL_NAME) {
        for (GeneralName g : GeneralNames.getInstance(n.getName()).getNames()) {
          if (g.getTagNo() == GeneralName.uniformResourceIdentifier) {
            out.add(DERIA5String.getInstance(g.getName()).getString());
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
