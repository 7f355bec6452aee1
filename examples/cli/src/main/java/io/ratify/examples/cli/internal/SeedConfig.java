package io.ratify.examples.cli.internal;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The seed guide's configuration (inline certificate, ORAS store, Notation verifier), for a given
 * CA certificate.
 */
public final class SeedConfig {
  private SeedConfig() {}

  /** The seed guide's YAML with {@code ca} as the inline, trusted certificate. */
  public static String withInlineCertificate(X509Certificate ca)
      throws CertificateEncodingException {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(ca.getEncoded())
            + "\n-----END CERTIFICATE-----";
    StringBuilder indented = new StringBuilder();
    for (String line : pem.split("\n")) {
      indented.append("      ").append(line).append('\n');
    }
    return """
        # The seed guide's configuration, with this certificate inline instead of the Ratify Sample certificate.
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: KeyManagementProvider
        metadata:
          name: certstore-inline
        spec:
          provider: inline
          parameters:
            value: |
        %s---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Store
        metadata:
          name: store-oras
        spec:
          name: oras
        ---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Verifier
        metadata:
          name: verifier-notary-inline
        spec:
          name: notation
          artifactTypes: application/vnd.cncf.notary.signature
          parameters:
            verificationCertStores:
              certs:
                - certstore-inline
            trustPolicyDoc:
              version: "1.0"
              trustPolicies:
                - name: default
                  registryScopes:
                    - "*"
                  signatureVerification:
                    level: strict
                  trustStores:
                    - ca:certs
                  trustedIdentities:
                    - "*"
        """
        .formatted(indented);
  }
}
