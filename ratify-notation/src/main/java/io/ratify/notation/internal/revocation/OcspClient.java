package io.ratify.notation.internal.revocation;

import io.ratify.api.Deadline;
import io.ratify.api.RatifyException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * OCSP (RFC 6960) as the Notary Project specification uses it: a SHA-1 CertID request (as
 * notation-core-go sends) by GET when the encoded request is short and by POST otherwise, to each
 * {@code http} responder of the certificate in order, until one gives a verified answer. An answer
 * counts only if it is signed by the issuer or by a delegated responder that the issuer certified
 * for OCSP signing (EKU id-kp-OCSPSigning, valid now), names the certificate, is current ({@code
 * thisUpdate <= now < nextUpdate}; a response without nextUpdate is stale, as in notation) and has
 * no unknown critical extension. A nonce is not sent, so none is required back.
 *
 * <p>Verified answers are kept in memory until their nextUpdate.
 */
final class OcspClient {
  /** notation-core-go uses GET when the escaped request is shorter than this. */
  private static final int MAX_GET_URL_REQUEST = 255;

  /** Allowance for responder clocks that run slightly ahead. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final int MAX_CACHED = 4096;

  private final HttpFetcher http;
  private final RevocationOptions options;
  private final Clock clock;
  private final DigestCalculatorProvider digests;
  private final Map<String, Answer> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
          return size() > MAX_CACHED;
        }
      };

  OcspClient(HttpFetcher http, RevocationOptions options, Clock clock) {
    this.http = http;
    this.options = options;
    this.clock = clock;
    try {
      this.digests = new JcaDigestCalculatorProviderBuilder().build();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("no digest provider", e);
    }
  }

  void clear() {
    synchronized (cache) {
      cache.clear();
    }
  }

  /** One verified OCSP answer for one certificate. */
  record Answer(RevocationStatus status, Optional<Instant> invalidityDate, Instant nextUpdate) {}

  /**
   * The status of {@code cert} from its OCSP responders.
   *
   * @param signingTime the authentic signing time, if any: a revocation whose invalidity date is
   *     after it does not invalidate the signature
   * @throws StatusUnknownException when no responder gave a verified answer
   */
  RevocationStatus check(
      X509Certificate cert,
      X509Certificate issuer,
      List<String> urls,
      Optional<Instant> signingTime,
      Deadline deadline)
      throws StatusUnknownException, RatifyException {
    String key = cacheKey(cert, issuer);
    Instant now = clock.instant();
    Answer cached;
    synchronized (cache) {
      cached = cache.get(key);
    }
    if (cached != null && now.isBefore(cached.nextUpdate())) {
      return apply(cached, signingTime);
    }
    if (options.offline()) {
      throw new StatusUnknownException(
          "revocation status unknown (offline, not cached): no current OCSP answer is cached");
    }
    CertificateID id = certificateId(cert, issuer);
    byte[] request;
    try {
      request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
    } catch (OCSPException | IOException e) {
      throw new StatusUnknownException("cannot build the OCSP request: " + e.getMessage(), e);
    }
    StringBuilder errors = new StringBuilder();
    for (String url : urls) {
      Answer answer;
      try {
        URI base = HttpFetcher.httpUrl(url);
        byte[] body = exchange(base, request, deadline);
        answer = verify(body, id, cert, issuer, clock.instant());
      } catch (StatusUnknownException e) {
        errors
            .append(errors.length() == 0 ? "" : "; ")
            .append(url)
            .append(": ")
            .append(e.getMessage());
        continue;
      }
      synchronized (cache) {
        cache.put(key, answer);
      }
      return apply(answer, signingTime);
    }
    throw new StatusUnknownException("no OCSP responder gave a usable answer: " + errors);
  }

  private static RevocationStatus apply(Answer a, Optional<Instant> signingTime) {
    if (a.status() == RevocationStatus.REVOKED
        && a.invalidityDate().isPresent()
        && signingTime.isPresent()
        && signingTime.get().isBefore(a.invalidityDate().get())) {
      return RevocationStatus.GOOD;
    }
    return a.status();
  }

  private byte[] exchange(URI base, byte[] request, Deadline deadline)
      throws StatusUnknownException, RatifyException {
    String escaped =
        URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);
    if (escaped.length() < MAX_GET_URL_REQUEST) {
      String s = base.toString();
      URI get = URI.create(s.endsWith("/") ? s + escaped : s + "/" + escaped);
      return http.fetch(
          get, null, null, options.maxOcspResponseBytes(), options.ocspTimeout(), deadline);
    }
    return http.fetch(
        base,
        request,
        "application/ocsp-request",
        options.maxOcspResponseBytes(),
        options.ocspTimeout(),
        deadline);
  }

  private CertificateID certificateId(X509Certificate cert, X509Certificate issuer)
      throws StatusUnknownException {
    try {
      return new CertificateID(
          digests.get(CertificateID.HASH_SHA1),
          new JcaX509CertificateHolder(issuer),
          cert.getSerialNumber());
    } catch (OCSPException | OperatorCreationException | CertificateEncodingException e) {
      throw new StatusUnknownException("cannot make the OCSP CertID: " + e.getMessage(), e);
    }
  }

  /** Parses and checks one response; everything that does not hold is a typed unknown. */
  Answer verify(
      byte[] body, CertificateID id, X509Certificate cert, X509Certificate issuer, Instant now)
      throws StatusUnknownException {
    try {
      return verifyUnchecked(body, id, cert, issuer, now);
    } catch (StatusUnknownException e) {
      throw e;
    } catch (Exception e) {
      throw new StatusUnknownException("malformed OCSP response: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("UnusedVariable") // the same arguments as verify(), which names the request
  private Answer verifyUnchecked(
      byte[] body, CertificateID id, X509Certificate cert, X509Certificate issuer, Instant now)
      throws Exception {
    Der.requireDer(body, "OCSP response");
    OCSPResp resp = new OCSPResp(body);
    if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
      throw new StatusUnknownException("OCSP responder answered status " + resp.getStatus());
    }
    Object object = resp.getResponseObject();
    if (!(object instanceof BasicOCSPResp basic)) {
      throw new StatusUnknownException("OCSP response is not a basic response");
    }
    // the basic response travels inside an OCTET STRING, so the check of the whole body never
    // looked at it; BouncyCastle checks signatures over its own DER re-encoding, which would let a
    // BER-only change (a BOOLEAN of FE, a long-form length) in the signed data or a carried
    // responder certificate through
    Der.requireDer(
        resp.toASN1Structure().getResponseBytes().getResponse().getOctets(), "OCSP basic response");
    checkCriticalExtensions(basic.getCriticalExtensionOIDs(), "response");
    X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
    X509Certificate signer = responder(basic, issuerHolder, issuer, now);
    if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))) {
      throw new StatusUnknownException("OCSP response signature does not verify");
    }
    SingleResp match = null;
    for (SingleResp r : basic.getResponses()) {
      CertificateID rid = r.getCertID();
      if (rid.getSerialNumber().equals(cert.getSerialNumber())
          && rid.matchesIssuer(issuerHolder, digests)) {
        match = r;
        break;
      }
    }
    if (match == null) {
      throw new StatusUnknownException("OCSP response does not name the certificate");
    }
    checkCriticalExtensions(match.getCriticalExtensionOIDs(), "single response");
    Instant thisUpdate = match.getThisUpdate().toInstant();
    if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
      throw new StatusUnknownException(
          "OCSP response thisUpdate " + thisUpdate + " is in the future");
    }
    if (match.getNextUpdate() == null) {
      throw new StatusUnknownException("OCSP response has no nextUpdate, so it is expired");
    }
    Instant nextUpdate = match.getNextUpdate().toInstant();
    if (!now.isBefore(nextUpdate)) {
      throw new StatusUnknownException("OCSP response expired at " + nextUpdate);
    }
    Object status = match.getCertStatus();
    if (status == org.bouncycastle.cert.ocsp.CertificateStatus.GOOD) {
      return new Answer(RevocationStatus.GOOD, Optional.empty(), nextUpdate);
    }
    if (status instanceof RevokedStatus) {
      Optional<Instant> invalidity = Optional.empty();
      Extension ext = match.getExtension(Extension.invalidityDate);
      if (ext != null) {
        invalidity =
            Optional.of(
                ASN1GeneralizedTime.getInstance(ext.getParsedValue()).getDate().toInstant());
      }
      return new Answer(RevocationStatus.REVOKED, invalidity, nextUpdate);
    }
    if (status instanceof UnknownStatus) {
      return new Answer(RevocationStatus.UNKNOWN, Optional.empty(), nextUpdate);
    }
    throw new StatusUnknownException("OCSP response has an unrecognised certificate status");
  }

  /**
   * The certificate whose key must have signed the response: the issuer itself, or a delegated
   * responder certificate carried in the response, issued by the issuer (RFC 6960 §4.2.2.2).
   */
  private X509Certificate responder(
      BasicOCSPResp basic, X509CertificateHolder issuerHolder, X509Certificate issuer, Instant now)
      throws Exception {
    RespID rid = basic.getResponderId();
    if (matches(rid, issuerHolder)) {
      return issuer;
    }
    for (X509CertificateHolder c : basic.getCerts()) {
      if (!matches(rid, c)) {
        continue;
      }
      if (!c.getIssuer().equals(issuerHolder.getSubject())
          || !c.isSignatureValid(
              new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))) {
        throw new StatusUnknownException(
            "OCSP responder certificate " + c.getSubject() + " is not issued by the CA");
      }
      ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(c.getExtensions());
      if (eku == null || !eku.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
        throw new StatusUnknownException(
            "OCSP responder certificate " + c.getSubject() + " is not authorised for OCSP signing");
      }
      if (!c.isValidOn(java.util.Date.from(now))) {
        throw new StatusUnknownException(
            "OCSP responder certificate " + c.getSubject() + " is not valid now");
      }
      return new JcaX509CertificateConverter().getCertificate(c);
    }
    throw new StatusUnknownException(
        "OCSP response is signed neither by the issuer nor by a responder it certified");
  }

  private boolean matches(RespID rid, X509CertificateHolder c) throws OCSPException {
    X500Name byName = rid.toASN1Primitive().getName();
    if (byName != null) {
      return byName.equals(c.getSubject());
    }
    try {
      return rid.equals(
          new RespID(c.getSubjectPublicKeyInfo(), digests.get(CertificateID.HASH_SHA1)));
    } catch (OperatorCreationException e) {
      throw new OCSPException("no SHA-1", e);
    }
  }

  private static void checkCriticalExtensions(Set<?> critical, String where)
      throws StatusUnknownException {
    for (Object oid : critical) {
      if (!oid.equals(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)) {
        throw new StatusUnknownException(
            "OCSP " + where + " has an unsupported critical extension " + oid);
      }
    }
  }

  private static String cacheKey(X509Certificate cert, X509Certificate issuer) {
    BigInteger serial = cert.getSerialNumber();
    return Der.sha256Hex(issuer.getPublicKey().getEncoded())
        + "/"
        + Der.sha256Hex(issuer.getSubjectX500Principal().getEncoded())
        + "/"
        + serial.toString(16);
  }
}
