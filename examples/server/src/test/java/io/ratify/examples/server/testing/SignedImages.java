package io.ratify.examples.server.testing;

import io.ratify.api.Descriptor;
import io.ratify.api.MediaTypes;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.ManifestForm;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.signer.SignatureManifest;
import io.ratify.notation.signer.SignatureManifests;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.oras.testing.RegistryPusher;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs images in a test registry as notation does, with the project's signer: the fixture the
 * examples' end-to-end tests (the server's and the CLI's) share.
 */
public final class SignedImages {
  private SignedImages() {}

  /**
   * Signs {@code subject} with {@code leaf}'s key and chain and pushes the signature to {@code
   * repository}: its blobs, its manifest (current form), and the referrers tag-schema index listing
   * it (distribution 2.8 has no referrers API).
   *
   * @param push the registry client
   * @param repository the repository holding {@code subject}
   * @param subject the image manifest to sign
   * @param leaf the signing certificate, with its key and chain
   * @param format the envelope format
   * @throws Exception when signing or pushing fails
   */
  public static void sign(
      RegistryPusher push,
      String repository,
      Descriptor subject,
      IssuedCertificate leaf,
      EnvelopeFormat format)
      throws Exception {
    byte[] envelope =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(leaf.chain())
            .format(format)
            .build()
            .sign(subject, Map.of(), Optional.empty());
    SignatureManifest sm =
        SignatureManifests.build(subject, envelope, format, ManifestForm.CURRENT);
    push.pushReferrer(
        repository,
        subject,
        List.of(sm.configBytes(), envelope),
        sm.manifestBytes(),
        MediaTypes.NOTARY_SIGNATURE);
  }
}
