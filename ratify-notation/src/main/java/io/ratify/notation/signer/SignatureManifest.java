package io.ratify.notation.signer;

import io.ratify.api.Descriptor;
import java.util.Objects;

/**
 * A signature manifest ready to push: push {@link #configBytes()} and the envelope as blobs, then
 * {@link #manifestBytes()} under {@link #manifestDescriptor()} (by digest, or with the referrers
 * tag schema).
 *
 * @param manifestBytes the exact manifest JSON
 * @param manifestDescriptor the manifest's descriptor: OCI image manifest media type, digest, size,
 *     artifact type {@code application/vnd.cncf.notary.signature} and the manifest annotations (as
 *     a referrers index lists it)
 * @param configBytes the config blob content ({@code {}})
 * @param configDescriptor the config descriptor
 * @param envelopeDescriptor the layer descriptor of the envelope blob
 */
public record SignatureManifest(
    byte[] manifestBytes,
    Descriptor manifestDescriptor,
    byte[] configBytes,
    Descriptor configDescriptor,
    Descriptor envelopeDescriptor) {

  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param manifestBytes the exact manifest JSON
   * @param manifestDescriptor the manifest's descriptor: OCI image manifest media type, digest,
   *     size, artifact type {@code application/vnd.cncf.notary.signature} and the manifest
   *     annotations (as a referrers index lists it)
   * @param configBytes the config blob content ({@code {}})
   * @param configDescriptor the config descriptor
   * @param envelopeDescriptor the layer descriptor of the envelope blob
   */
  public SignatureManifest {
    manifestBytes = manifestBytes.clone();
    Objects.requireNonNull(manifestDescriptor, "manifestDescriptor");
    configBytes = configBytes.clone();
    Objects.requireNonNull(configDescriptor, "configDescriptor");
    Objects.requireNonNull(envelopeDescriptor, "envelopeDescriptor");
  }

  /**
   * The manifest content.
   *
   * @return a copy of the manifest content
   */
  @Override
  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  /**
   * The config blob content.
   *
   * @return a copy of the config blob content ({@code {}})
   */
  @Override
  public byte[] configBytes() {
    return configBytes.clone();
  }
}
