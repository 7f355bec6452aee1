package io.ratify.notation.signer;

/** The two shapes of a Notary Project signature manifest (notary-notes §2.1). */
public enum ManifestForm {
  /**
   * OCI 1.1: {@code artifactType: application/vnd.cncf.notary.signature} and the empty config
   * ({@code application/vnd.oci.empty.v1+json}, content {@code {}}).
   */
  CURRENT,
  /**
   * What every released notation (up to v1.3.2) writes: no {@code artifactType}; the config media
   * type is {@code application/vnd.cncf.notary.signature} with content {@code {}}.
   */
  LEGACY
}
