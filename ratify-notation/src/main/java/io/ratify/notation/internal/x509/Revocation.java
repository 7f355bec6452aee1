package io.ratify.notation.internal.x509;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Where a certificate says its revocation status can be found. Like notation-core-go, only URIs
 * count: OCSP responder URIs from Authority Information Access and full-name URIs of CRL
 * distribution points. A certificate with neither is "non-revocable".
 */
public final class Revocation {
  private static final String EXT_AIA = "1.3.6.1.5.5.7.1.1";
  private static final String EXT_CDP = "2.5.29.31";

  private Revocation() {}

  /**
   * Whether {@code cert} names an OCSP responder or a CRL distribution point. An extension that
   * cannot be parsed counts as naming one, so that a revocation check is never skipped because of
   * bad encoding.
   */
  public static boolean endpointsOf(X509Certificate cert) {
    Endpoints e = describe(cert);
    return e.unparsable() || !e.ocsp().isEmpty() || !e.crl().isEmpty();
  }

  /** The OCSP and CRL URIs of {@code cert}. */
  public static Endpoints describe(X509Certificate cert) {
    List<String> ocsp = new ArrayList<>();
    List<String> crl = new ArrayList<>();
    boolean unparsable = false;
    try {
      byte[] aia = cert.getExtensionValue(EXT_AIA);
      if (aia != null) {
        AuthorityInformationAccess a = AuthorityInformationAccess.getInstance(unwrap(aia));
        for (AccessDescription d : a.getAccessDescriptions()) {
          if (AccessDescription.id_ad_ocsp.equals(d.getAccessMethod())) {
            uri(d.getAccessLocation(), ocsp);
          }
        }
      }
      byte[] cdp = cert.getExtensionValue(EXT_CDP);
      if (cdp != null) {
        for (DistributionPoint p : CRLDistPoint.getInstance(unwrap(cdp)).getDistributionPoints()) {
          DistributionPointName n = p.getDistributionPoint();
          if (n != null && n.getType() == DistributionPointName.FULL_NAME) {
            for (GeneralName g : GeneralNames.getInstance(n.getName()).getNames()) {
              uri(g, crl);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      unparsable = true;
    }
    return new Endpoints(List.copyOf(ocsp), List.copyOf(crl), unparsable);
  }

  private static ASN1Primitive unwrap(byte[] extensionValue) throws IOException {
    return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extensionValue).getOctets());
  }

  private static void uri(GeneralName g, List<String> out) {
    if (g.getTagNo() == GeneralName.uniformResourceIdentifier) {
      out.add(DERIA5String.getInstance(g.getName()).getString());
    }
  }

  /**
   * Where a certificate's revocation status can be asked.
   *
   * @param ocsp OCSP responder URIs, in certificate order
   * @param crl CRL distribution point URIs, in certificate order
   * @param unparsable whether an AIA or CDP extension could not be parsed
   */
  public record Endpoints(List<String> ocsp, List<String> crl, boolean unparsable) {}
}
