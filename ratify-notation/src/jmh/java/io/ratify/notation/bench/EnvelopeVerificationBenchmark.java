package io.ratify.notation.bench;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import io.ratify.notation.internal.envelope.CoseWriter;
import io.ratify.notation.internal.envelope.Envelopes;
import io.ratify.notation.internal.envelope.SignaturePrimitives;
import io.ratify.notation.internal.envelope.SignedEnvelope;
import io.ratify.notation.internal.x509.ChainValidity;
import io.ratify.notation.internal.x509.ValidatedChains;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Envelope verification (integrity check plus the time-dependent validity check) against the bare
 * JCA signature check of the same signing input. {@code cold} empties the validated-chain cache
 * before every call; {@code warm} keeps it. Run with {@code mvn -B -q -pl ratify-notation -Pbench
 * test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeVerificationBenchmark {
  @Param({"JWS_RSA3072_PS384", "COSE_RSA3072_PS384", "JWS_P256_ES256", "COSE_P256_ES256"})
  public String kase;

  private String mediaType;
  private byte[] envelope;
  private PublicKey leafKey;
  private byte[] signingInput;
  private byte[] signature;
  private SignedEnvelope parsed;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    boolean rsa = kase.contains("RSA");
    KeySpec spec = rsa ? KeySpec.RSA_3072 : KeySpec.EC_P256;
    CertificateAuthority root =
        CertificateAuthority.root("CN=Bench Root,O=Notary,ST=WA,C=US", spec);
    CertificateAuthority mid = root.intermediate("CN=Bench CA,O=Notary,ST=WA,C=US", spec);
    IssuedCertificate leaf = mid.codeSigningLeaf("CN=Bench Leaf,O=Notary,ST=WA,C=US", spec);
    EnvelopeFormat format = kase.startsWith("JWS") ? EnvelopeFormat.JWS : EnvelopeFormat.COSE;
    envelope =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(leaf.chain())
            .format(format)
            .build()
            .sign(
                Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {1}), 1),
                Map.of(),
                Optional.empty());
    mediaType = format.mediaType();
    parsed = Envelopes.parseAndVerify(mediaType, envelope);
    leafKey = parsed.leaf().getPublicKey();
    signature = parsed.signature();
    if (format == EnvelopeFormat.JWS) {
      String s = new String(envelope, StandardCharsets.UTF_8);
      String prot = field(s, "protected");
      String payload = field(s, "payload");
      signingInput = (prot + "." + payload).getBytes(StandardCharsets.US_ASCII);
    } else {
      byte[] protectedBytes = CoseProtected.of(envelope);
      signingInput = CoseWriter.sigStructure(protectedBytes, parsed.payload());
    }
    if (!SignaturePrimitives.verify(leafKey, parsed.algorithm(), signingInput, signature)) {
      throw new IllegalStateException("benchmark setup: signing input reconstruction is wrong");
    }
  }

  private static String field(String json, String name) {
    int i = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return json.substring(i, json.indexOf('"', i));
  }

  /** The bare JCA check: a configured Signature over the precomputed signing input. */
  @Benchmark
  public boolean bareJcaSignatureCheck() throws Exception {
    Signature s = SignaturePrimitives.newSignature(parsed.algorithm());
    s.initVerify(leafKey);
    s.update(signingInput);
    return s.verify(signature);
  }

  /** Parse, header rules, chain rules (from the cache), signature, and validity at now. */
  @Benchmark
  public SignedEnvelope warm() throws Exception {
    SignedEnvelope e = Envelopes.parseAndVerify(mediaType, envelope);
    ChainValidity.checkValidAt(e.certificateChain(), Instant.now());
    return e;
  }

  /**
   * As {@link #warm}, with the validated-chain cache emptied first: certificates are parsed and
   * checked again.
   */
  @Benchmark
  public SignedEnvelope cold() throws Exception {
    ValidatedChains.clear();
    SignedEnvelope e = Envelopes.parseAndVerify(mediaType, envelope);
    ChainValidity.checkValidAt(e.certificateChain(), Instant.now());
    return e;
  }

  /** Finds the raw protected header bytes of a COSE_Sign1 message (D2 84 then a byte string). */
  static final class CoseProtected {
    static byte[] of(byte[] env) {
      int head = env[2] & 0xff;
      int start = head == 0x58 ? 4 : head == 0x59 ? 5 : 3;
      int len =
          head == 0x58
              ? env[3] & 0xff
              : head == 0x59 ? ((env[3] & 0xff) << 8) | (env[4] & 0xff) : head - 0x40;
      return java.util.Arrays.copyOfRange(env, start, start + len);
    }
  }
}
