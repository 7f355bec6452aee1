package io.ratify.notation.internal.x509;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/** Distinguished names for messages, in the RFC 4514 order Go prints ({@code CN=…,O=…,C=US}). */
public final class Subjects {
  private Subjects() {}

  /** The subject of {@code cert}. */
  public static String of(X509Certificate cert) {
    return name(cert.getSubjectX500Principal());
  }

  /** The issuer of {@code cert}. */
  public static String issuerOf(X509Certificate cert) {
    return name(cert.getIssuerX500Principal());
  }

  private static String name(X500Principal p) {
    return p.getName(X500Principal.RFC2253);
  }
}
