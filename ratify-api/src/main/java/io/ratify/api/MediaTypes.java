package io.ratify.api;

import java.util.List;

/** Media type and artifact type constants of the OCI specifications and the Notary Project. */
public final class MediaTypes {
  private MediaTypes() {}

  /** An OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** An OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** The OCI artifact manifest of image-spec 1.1 release candidates (read, never written). */
  public static final String OCI_ARTIFACT_MANIFEST =
      "application/vnd.oci.artifact.manifest.v1+json";

  /** The empty descriptor of OCI 1.1 ({@code {}}). */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  /** An OCI image configuration. */
  public static final String OCI_IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";

  /** A gzip-compressed OCI layer. */
  public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** A Docker image manifest, schema 2. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** A Docker manifest list. */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** The artifact type of Notary Project signatures. */
  public static final String NOTARY_SIGNATURE = "application/vnd.cncf.notary.signature";

  /** JWS envelope layer media type. */
  public static final String JWS_ENVELOPE = "application/jose+json";

  /** COSE_Sign1 envelope layer media type. */
  public static final String COSE_ENVELOPE = "application/cose";

  /** The Notary Project signature payload content type. */
  public static final String NOTARY_PAYLOAD = "application/vnd.cncf.notary.payload.v1+json";

  /** Signature manifest annotation carrying the signing certificate thumbprints. */
  public static final String NOTARY_THUMBPRINT_ANNOTATION =
      "io.cncf.notary.x509chain.thumbprint#S256";

  /** The manifest media types a store asks for and accepts, in preference order. */
  public static final List<String> MANIFEST_ACCEPT =
      List.of(
          OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_ARTIFACT_MANIFEST);
}
