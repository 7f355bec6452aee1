package io.ratify.notation.bench;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import io.ratify.api.VerificationResult;
import io.ratify.notation.NotationEnvelopeVerifier;
import io.ratify.notation.internal.timestamp.TestTsa;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Full envelope verification (public single-envelope API, every check) of the same signer's
 * signature with and without an RFC 3161 timestamp: {@code withTimestamp} verifies a timestamped
 * envelope under a policy with a {@code tsa} store and {@code verifyTimestamp: always}; {@code
 * withoutTimestamp} verifies an untimestamped one under the same policy minus the tsa store. The
 * TSA chain names no OCSP/CRL endpoint, so no network is involved. Report withTimestamp /
 * withoutTimestamp per format. Run with {@code mvn -B -q -pl ratify-notation -Pbench test-compile
 * exec:exec -Djmh.args="-wi 2 -i 3 -f 1 -w 1s -r 1s TimestampBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TimestampBenchmark {
  @Param({"JWS", "COSE"})
  public String format;

  private static final String POLICY =
      "{\"version\":\"1.0\",\"trustPolicies\":[{\"name\":\"p\",\"registryScopes\":[\"*\"],"
          + "\"signatureVerification\":{\"level\":\"strict\"%s},"
          + "\"trustStores\":[\"ca:acme\"%s],\"trustedIdentities\":[\"*\"]}]}";

  private final Descriptor target =
      Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {1}), 1);
  private NotationEnvelopeVerifier withTsa;
  private NotationEnvelopeVerifier withoutTsa;
  private byte[] timestamped;
  private byte[] plain;
  private String mediaType;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    CertificateAuthority root =
        CertificateAuthority.root("CN=Bench Root,O=Notary,ST=WA,C=US", KeySpec.RSA_3072);
    IssuedCertificate leaf =
        root.codeSigningLeaf("CN=Bench Leaf,O=Notary,ST=WA,C=US", KeySpec.RSA_3072);
    CertificateAuthority tsaRoot =
        CertificateAuthority.root("CN=Bench TSA Root,O=Notary,ST=WA,C=US", KeySpec.RSA_3072);
    IssuedCertificate tsaCert =
        tsaRoot.issue(
            CertificateProfile.timestampingLeaf("CN=Bench TSA,O=Notary,ST=WA,C=US"),
            KeySpec.RSA_2048);
    EnvelopeFormat f = EnvelopeFormat.valueOf(format);
    mediaType = f.mediaType();
    try (TestTsa tsa = new TestTsa(tsaCert.privateKey(), tsaCert.chain())) {
      NotationSigner.Builder b =
          NotationSigner.builder()
              .privateKey(leaf.privateKey())
              .certificateChain(leaf.chain())
              .format(f);
      plain = b.build().sign(target, Map.of(), Optional.empty());
      timestamped =
          b.timestampAuthority(tsa.url()).build().sign(target, Map.of(), Optional.empty());
    }
    withTsa =
        NotationEnvelopeVerifier.builder()
            .trustPolicy(
                String.format(POLICY, ",\"verifyTimestamp\":\"always\"", ",\"tsa:bench\"")
                    .getBytes(StandardCharsets.UTF_8))
            .trustStore("ca", "acme", List.of(root.certificate()))
            .trustStore("tsa", "bench", List.of(tsaRoot.certificate()))
            .build();
    withoutTsa =
        NotationEnvelopeVerifier.builder()
            .trustPolicy(String.format(POLICY, "", "").getBytes(StandardCharsets.UTF_8))
            .trustStore("ca", "acme", List.of(root.certificate()))
            .build();
    if (!withTimestamp().success() || !withoutTimestamp().success()) {
      throw new IllegalStateException("benchmark setup: a verification fails");
    }
  }

  @TearDown
  public void done() {}

  @Benchmark
  public VerificationResult withTimestamp() throws Exception {
    return withTsa.verify("bench.example/app", target, mediaType, timestamped);
  }

  @Benchmark
  public VerificationResult withoutTimestamp() throws Exception {
    return withoutTsa.verify("bench.example/app", target, mediaType, plain);
  }
}
