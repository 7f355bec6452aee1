package io.ratify.notation.internal.revocation;

import io.ratify.api.Deadline;
import io.ratify.api.RatifyException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

/**
 * CRL checking (RFC 5280 §6.3, as notation-core-go applies it): <em>every</em> distribution point
 * of the certificate is fetched (or taken from the cache) and must give a CRL signed by the issuer
 * and current ({@code thisUpdate <= now < nextUpdate}; an expired CRL makes the status unknown). A
 * base CRL that announces a delta CRL (FreshestCRL) is merged with a current delta signed by the
 * same issuer whose DeltaCRLIndicator is at most the base's CRL number and whose own number is
 * above it. For the certificate's serial the latest entry wins: certificateHold revokes,
 * removeFromCRL (in a delta) lifts a hold. A revocation whose invalidity date is after the
 * authentic signing time does not invalidate the signature.
 */
final class CrlClient {
  private final HttpFetcher http;
  private final RevocationOptions options;
  private final Clock clock;
  private final CrlCache cache;

  CrlClient(HttpFetcher http, RevocationOptions options, Clock clock, CrlCache cache) {
    this.http = http;
    this.options = options;
    this.clock = clock;
    this.cache = cache;
  }

  void clearMemory() {
    cache.clearMemory();
  }

  /**
   * The status of {@code cert} from all its CRL distribution points.
   *
   * @throws StatusUnknownException when any distribution point gives no usable CRL
   */
  RevocationStatus check(
      X509Certificate cert,
      X509Certificate issuer,
      List<String> urls,
      Optional<Instant> signingTime,
      Deadline deadline)
      throws StatusUnknownException, RatifyException {
    List<String> certDeltaUrls = certificateFreshestUrls(cert);
    RevocationStatus result = RevocationStatus.GOOD;
    for (String url : urls) {
      ParsedCrl base;
      try {
        base = obtain(url, issuer, deadline);
      } catch (StatusUnknownException e) {
        throw new StatusUnknownException(url + ": " + e.getMessage(), e);
      }
      if (base.isDelta()) {
        throw new StatusUnknownException(url + ": is a delta CRL, a complete CRL was expected");
      }
      checkScope(base, cert, url);
      List<ParsedCrl.Entry> entries = new ArrayList<>(base.entries(cert.getSerialNumber()));
      if (!base.freshestUrls().isEmpty()) {
        ParsedCrl delta = delta(base, issuer, deadline, url);
        entries.addAll(delta.entries(cert.getSerialNumber()));
      } else if (!certDeltaUrls.isEmpty()) {
        throw new StatusUnknownException(
            url + ": the certificate names a delta CRL but the base CRL does not");
      }
      if (revoked(entries, signingTime)) {
        result = RevocationStatus.REVOKED;
      }
    }
    return result;
  }

  /** Revoked if the latest entry is not removeFromCRL and the invalidity date does not spare it. */
  private static boolean revoked(List<ParsedCrl.Entry> entries, Optional<Instant> signingTime) {
    if (entries.isEmpty()) {
      return false;
    }
    // base entries come first, then the delta's; each list is oldest first, so the last one is the
    // latest statement about the serial
    ParsedCrl.Entry latest = entries.get(entries.size() - 1);
    if (latest.removesFromCrl()) {
      return false;
    }
    return !(signingTime.isPresent()
        && latest.invalidityDate().isPresent()
        && signingTime.get().isBefore(latest.invalidityDate().get()));
  }

  private ParsedCrl delta(ParsedCrl base, X509Certificate issuer, Deadline deadline, String url)
      throws StatusUnknownException, RatifyException {
    if (base.number().isEmpty()) {
      throw new StatusUnknownException(url + ": base CRL with a delta has no CRL number");
    }
    BigInteger baseNumber = base.number().get();
    StringBuilder errors = new StringBuilder();
    for (String deltaUrl : base.freshestUrls()) {
      try {
        ParsedCrl delta = obtain(deltaUrl, issuer, deadline);
        if (!delta.isDelta()) {
          throw new StatusUnknownException("is not a delta CRL");
        }
        if (delta.number().isEmpty() || delta.number().get().compareTo(baseNumber) <= 0) {
          throw new StatusUnknownException(
              "delta CRL number is not greater than the base CRL number " + baseNumber);
        }
        if (delta.deltaIndicator().get().compareTo(baseNumber) > 0) {
          throw new StatusUnknownException(
              "delta CRL is based on CRL number "
                  + delta.deltaIndicator().get()
                  + ", newer than the base CRL number "
                  + baseNumber);
        }
        return delta;
      } catch (StatusUnknownException e) {
        errors
            .append(errors.length() == 0 ? "" : "; ")
            .append(deltaUrl)
            .append(": ")
            .append(e.getMessage());
      }
    }
    throw new StatusUnknownException(url + ": no usable delta CRL: " + errors);
  }

  /** RFC 5280 §6.3.3 (b)(2): a CRL whose issuing distribution point excludes the certificate. */
  private static void checkScope(ParsedCrl crl, X509Certificate cert, String url)
      throws StatusUnknownException {
    Optional<IssuingDistributionPoint> idp = crl.issuingDistributionPoint();
    if (idp.isEmpty()) {
      return;
    }
    IssuingDistributionPoint p = idp.get();
    boolean ca = cert.getBasicConstraints() >= 0;
    if (p.isIndirectCRL()) {
      throw new StatusUnknownException(url + ": indirect CRLs are not supported");
    }
    if (p.getOnlySomeReasons() != null) {
      throw new StatusUnknownException(
          url + ": the CRL covers only some reasons, so it cannot show the certificate is good");
    }
    if (p.onlyContainsAttributeCerts()
        || (p.onlyContainsUserCerts() && ca)
        || (p.onlyContainsCACerts() && !ca)) {
      throw new StatusUnknownException(url + ": the CRL's scope does not cover the certificate");
    }
  }

  /** A current CRL for {@code url} signed by {@code issuer}: cached, or fetched and verified. */
  private ParsedCrl obtain(String url, X509Certificate issuer, Deadline deadline)
      throws StatusUnknownException, RatifyException {
    Instant now = clock.instant();
    Optional<ParsedCrl> cached = cache.get(url, issuer, now);
    if (cached.isPresent()) {
      return cached.get();
    }
    if (options.offline()) {
      throw new StatusUnknownException(
          "revocation status unknown (offline, not cached): no current CRL from "
              + url
              + " is cached");
    }
    byte[] body =
        http.fetch(
            HttpFetcher.httpUrl(url),
            null,
            null,
            options.maxCrlBytes(),
            options.crlTimeout(),
            deadline);
    ParsedCrl crl = ParsedCrl.parse(body);
    crl.verifyIssuedBy(issuer);
    crl.requireCurrent(clock.instant());
    cache.put(url, crl);
    return crl;
  }

  private static List<String> certificateFreshestUrls(X509Certificate cert)
      throws StatusUnknownException {
    byte[] v = cert.getExtensionValue(Extension.freshestCRL.getId());
    if (v == null) {
      return List.of();
    }
    try {
      return ParsedCrl.distributionPointUrls(
          CRLDistPoint.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(v).getOctets())));
    } catch (IOException | RuntimeException e) {
      throw new StatusUnknownException("the certificate's FreshestCRL extension is malformed", e);
    }
  }
}
