package io.ratify.notation.internal.envelope;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.util.Map;
import java.util.Optional;

/** A 3-certificate EC P-256 chain and one valid envelope per format, made once per JVM. */
final class EnvelopeFixtures {
  static final Descriptor TARGET =
      Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {1, 2, 3}), 3);
  static final IssuedCertificate LEAF;
  static final byte[] JWS;
  static final byte[] COSE;

  static {
    CertificateAuthority root =
        CertificateAuthority.root("CN=Fixture Root,O=Notary,ST=WA,C=US", KeySpec.EC_P256);
    CertificateAuthority mid =
        root.intermediate("CN=Fixture CA,O=Notary,ST=WA,C=US", KeySpec.EC_P256);
    LEAF = mid.codeSigningLeaf("CN=Fixture Leaf,O=Notary,ST=WA,C=US", KeySpec.EC_P256);
    try {
      JWS = signer(EnvelopeFormat.JWS).sign(TARGET, Map.of("k", "v"), Optional.empty());
      COSE = signer(EnvelopeFormat.COSE).sign(TARGET, Map.of("k", "v"), Optional.empty());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private EnvelopeFixtures() {}

  static NotationSigner signer(EnvelopeFormat f) throws Exception {
    return NotationSigner.builder()
        .privateKey(LEAF.privateKey())
        .certificateChain(LEAF.chain())
        .format(f)
        .build();
  }
}
