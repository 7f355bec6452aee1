package io.ratify.notation.internal.revocation;

import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds test PKIs with revocation endpoints, and real signed CRLs and OCSP responses for them. */
public final class RevocationPki {
  public static final String ROOT_DN = "CN=Rev Root,O=Acme,ST=WA,C=US";
  public static final String INTERMEDIATE_DN = "CN=Rev Intermediate,O=Acme,ST=WA,C=US";
  public static final String LEAF_DN = "CN=Rev Signer,O=Acme,L=Seattle,ST=WA,C=US";

  public final CertificateAuthority root;
  public final CertificateAuthority intermediate;
  public final IssuedCertificate leaf;

  /**
   * root → intermediate (with {@code intermediateOcsp}/{@code intermediateCrl}) → leaf (with {@code
   * leafOcsp}/{@code leafCrl}).
   */
  public RevocationPki(
      List<String> intermediateOcsp,
      List<String> intermediateCrl,
      List<String> leafOcsp,
      List<String> leafCrl) {
    root = CertificateAuthority.root(ROOT_DN, KeySpec.EC_P256);
    intermediate =
        root.intermediate(
            CertificateProfile.ca(INTERMEDIATE_DN).toBuilder()
                .ocspUrls(intermediateOcsp)
                .crlUrls(intermediateCrl)
                .build(),
            KeySpec.EC_P256);
    leaf =
        intermediate.issue(
            CertificateProfile.codeSigningLeaf(LEAF_DN).toBuilder()
                .ocspUrls(leafOcsp)
                .crlUrls(leafCrl)
                .build(),
            KeySpec.EC_P256);
  }

  public List<X509Certificate> chain() {
    return leaf.chain();
  }

  /** An OCSP responder certificate issued by {@code ca}: EKU OCSPSigning (critical) or not. */
  public static IssuedCertificate responder(CertificateAuthority ca, boolean ocspSigningEku) {
    CertificateProfile p =
        CertificateProfile.codeSigningLeaf("CN=OCSP Responder,O=Acme,ST=WA,C=US").toBuilder()
            .extendedKeyUsage(
                List.of(
                    ocspSigningEku
                        ? CertificateProfile.EKU_OCSP_SIGNING
                        : CertificateProfile.EKU_CODE_SIGNING),
                true)
            .build();
    return ca.issue(p, KeySpec.EC_P256);
  }

  /** One CRL entry. */
  public record Revoked(
      BigInteger serial, Instant date, Optional<Integer> reason, Optional<Instant> invalidity) {
    public static Revoked of(X509Certificate c, Instant date) {
      return new Revoked(c.getSerialNumber(), date, Optional.empty(), Optional.empty());
    }

    public static Revoked of(X509Certificate c, Instant date, int reason) {
      return new Revoked(c.getSerialNumber(), date, Optional.of(reason), Optional.empty());
    }
  }

  /** A CRL signed by {@code issuer}. */
  public static byte[] crl(
      CertificateAuthority issuer,
      Instant thisUpdate,
      Optional<Instant> nextUpdate,
      long number,
      Optional<Long> deltaOf,
      List<String> freshest,
      List<Revoked> entries) {
    return crl(
        issuer.certificate(),
        issuer.privateKey(),
        thisUpdate,
        nextUpdate,
        number,
        deltaOf,
        freshest,
        entries);
  }

  public static byte[] crl(
      X509Certificate issuer,
      PrivateKey key,
      Instant thisUpdate,
      Optional<Instant> nextUpdate,
      long number,
      Optional<Long> deltaOf,
      List<String> freshest,
      List<Revoked> entries) {
    try {
      X509v2CRLBuilder b =
          new X509v2CRLBuilder(
              X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
              Date.from(thisUpdate));
      nextUpdate.ifPresent(n -> b.setNextUpdate(Date.from(n)));
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
      if (deltaOf.isPresent()) {
        b.addExtension(
            Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.valueOf(deltaOf.get())));
      }
      if (!freshest.isEmpty()) {
        List<DistributionPoint> dps = new ArrayList<>();
        for (String u : freshest) {
          dps.add(
              new DistributionPoint(
                  new DistributionPointName(
                      new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, u))),
                  null,
                  null));
        }
        b.addExtension(
            Extension.freshestCRL, false, new CRLDistPoint(dps.toArray(new DistributionPoint[0])));
      }
      for (Revoked r : entries) {
        ExtensionsGenerator g = new ExtensionsGenerator();
        if (r.reason().isPresent()) {
          g.addExtension(Extension.reasonCode, false, CRLReason.lookup(r.reason().get()));
        }
        if (r.invalidity().isPresent()) {
          g.addExtension(
              Extension.invalidityDate,
              false,
              new ASN1GeneralizedTime(Date.from(r.invalidity().get())));
        }
        b.addCRLEntry(r.serial(), Date.from(r.date()), g.isEmpty() ? null : g.generate());
      }
      return b.build(new JcaContentSignerBuilder(sigAlg(key)).build(key)).getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A simple current CRL: thisUpdate an hour ago, nextUpdate in a day, number 1. */
  public static byte[] crl(CertificateAuthority issuer, Instant now, List<Revoked> entries) {
    return crl(
        issuer,
        now.minusSeconds(3600),
        Optional.of(now.plusSeconds(86400)),
        1,
        Optional.empty(),
        List.of(),
        entries);
  }

  /** OCSP statuses. */
  public enum Status {
    GOOD,
    REVOKED,
    UNKNOWN
  }

  /**
   * A successful basic OCSP response for {@code id}, signed by {@code signerKey} whose certificate
   * is {@code signer}; {@code embed} are carried in the response.
   */
  public static byte[] ocsp(
      CertificateID id,
      Status status,
      X509Certificate signer,
      PrivateKey signerKey,
      List<X509Certificate> embed,
      Instant thisUpdate,
      Optional<Instant> nextUpdate,
      Optional<Instant> invalidity) {
    try {
      BasicOCSPRespBuilder b =
          new BasicOCSPRespBuilder(
              new RespID(X500Name.getInstance(signer.getSubjectX500Principal().getEncoded())));
      CertificateStatus s =
          switch (status) {
            case GOOD -> CertificateStatus.GOOD;
            case REVOKED ->
                new RevokedStatus(Date.from(thisUpdate.minusSeconds(60)), CRLReason.keyCompromise);
            case UNKNOWN -> new UnknownStatus();
          };
      Extensions single = null;
      if (invalidity.isPresent()) {
        ExtensionsGenerator g = new ExtensionsGenerator();
        g.addExtension(
            Extension.invalidityDate, false, new ASN1GeneralizedTime(Date.from(invalidity.get())));
        single = g.generate();
      }
      b.addResponse(id, s, Date.from(thisUpdate), nextUpdate.map(Date::from).orElse(null), single);
      X509CertificateHolder[] certs = new X509CertificateHolder[embed.size()];
      for (int i = 0; i < certs.length; i++) {
        certs[i] = new JcaX509CertificateHolder(embed.get(i));
      }
      BasicOCSPResp basic =
          b.build(
              new JcaContentSignerBuilder(sigAlg(signerKey)).build(signerKey),
              certs,
              Date.from(thisUpdate));
      return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A current response (thisUpdate a minute ago, nextUpdate in an hour) signed by the CA. */
  public static byte[] ocsp(CertificateID id, Status status, CertificateAuthority ca, Instant now) {
    return ocsp(
        id,
        status,
        ca.certificate(),
        ca.privateKey(),
        List.of(),
        now.minusSeconds(60),
        Optional.of(now.plusSeconds(3600)),
        Optional.empty());
  }

  static String sigAlg(PrivateKey key) {
    return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
  }
}
