package io.ratify.notation.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.core.Executor;
import io.ratify.core.internal.policy.ConfigPolicyFactory;
import io.ratify.core.testing.LayoutWriter;
import io.ratify.notation.NotationEnvelopeVerifier;
import io.ratify.notation.TestContext;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import io.ratify.oras.OciLayoutStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The public single-envelope API ({@link NotationEnvelopeVerifier}) and a full validation through
 * an {@link Executor} (OCI layout store, the {@code notation} plugin, the config policy) must reach
 * the same verdict on the same envelope: a tool that checks an envelope before pushing it must not
 * disagree with the gate that checks the pushed image. Both sides get the same trust policy, trust
 * store and clock; the envelopes are this project's signer's, intact and with one byte changed.
 */
class EnvelopeApiAgreesWithExecutorTest {
  // certificates are issued valid from an hour before their creation: one instant for the class
  @SuppressWarnings("TimeInStaticInitializer")
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static final String REPO = "registry.example.com/acme/app";
  private static final byte[] IMAGE_LAYER = "side by side".getBytes(StandardCharsets.US_ASCII);

  private static Path tmp;
  private static CertificateAuthority root;
  private static Descriptor target;
  private static Map<EnvelopeFormat, byte[]> envelopes;
  private static Map<String, Object> trustPolicy;
  private static NotationEnvelopeVerifier api;
  private static Verifier plugin;

  @BeforeContainer
  static void setUp() throws Exception {
    tmp = Files.createTempDirectory("side-by-side");
    root = CertificateAuthority.root("CN=Acme Root,O=Acme,ST=WA,C=US", KeySpec.RSA_3072);
    IssuedCertificate leaf =
        root.intermediate("CN=Acme Intermediate,O=Acme,ST=WA,C=US", KeySpec.EC_P384)
            .codeSigningLeaf("CN=signer,O=Acme,L=Seattle,ST=WA,C=US", KeySpec.EC_P256);
    target = image(new LayoutWriter(Files.createTempDirectory(tmp, "image")));
    envelopes = new EnumMap<>(EnvelopeFormat.class);
    for (EnvelopeFormat format : EnvelopeFormat.values()) {
      NotationSigner signer =
          NotationSigner.builder()
              .privateKey(leaf.privateKey())
              .certificateChain(leaf.chain())
              .format(format)
              .clock(Clock.fixed(NOW.minusSeconds(60), ZoneOffset.UTC))
              .build();
      envelopes.put(format, signer.sign(target, Map.of(), Optional.empty()));
    }
    trustPolicy = Harness.policy(REPO, "strict", Map.of(), List.of("ca:certs"), List.of("*"));
    api =
        NotationEnvelopeVerifier.builder()
            .trustPolicy(new ObjectMapper().writeValueAsBytes(trustPolicy))
            .trustStore("ca", "certs", List.of(root.certificate()))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    plugin =
        Harness.verifier(
            new TestContext(NOW, tmp).withCertificates("kmp", List.of(root.certificate())),
            trustPolicy,
            List.of(),
            Map.of("certs", List.of("kmp")));
  }

  @AfterContainer
  static void tearDown() throws Exception {
    try (var files = Files.walk(tmp)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The same image in every layout, so one digest. */
  private static Descriptor image(LayoutWriter w) throws Exception {
    return Harness.image(w, IMAGE_LAYER);
  }

  /** The public API's verdict: its result, or the exception it threw as Ratify reports it. */
  private static Verdict throughApi(String mediaType, byte[] envelope) {
    try {
      return Verdict.of(api.verify(REPO + "@" + target.digest(), target, mediaType, envelope));
    } catch (RatifyException e) {
      // the executor reports a plugin's exception as VERIFY_PLUGIN_FAILURE carrying its code
      return new Verdict(
          false, Optional.of(ErrorCode.VERIFY_PLUGIN_FAILURE), Optional.of(e.code().name()), null);
    }
  }

  /** The executor's verdict on the image in a layout holding {@code envelope} as its signature. */
  private static Verdict throughExecutor(String mediaType, byte[] envelope) throws Exception {
    LayoutWriter w = new LayoutWriter(Files.createTempDirectory(tmp, "layout"));
    assertEquals(target, image(w));
    Harness.signature(w, target, mediaType, envelope);
    try (Executor executor =
        Executor.builder()
            .store(OciLayoutStore.open(w.dir()))
            .verifier(plugin)
            .policy(
                new ConfigPolicyFactory()
                    .create(
                        PluginConfig.of(
                            PluginKind.POLICY,
                            "policy",
                            "config-policy",
                            Map.of(
                                "artifactVerificationPolicies",
                                Map.of(MediaTypes.NOTARY_SIGNATURE, "all"))),
                        null))
            .build()) {
      Reference subject = Reference.parse(REPO + "@" + target.digest());
      ValidationResult r = executor.validate(subject, subject.toString());
      assertEquals(1, r.verifierReports().size(), r::toString);
      VerificationResult v = r.verifierReports().get(0).result();
      assertEquals(v.success(), r.success(), "the config policy follows the one signature");
      return Verdict.of(v);
    }
  }

  /** What must agree: success, Ratify's code, the cause code and the failed check. */
  private record Verdict(
      boolean success, Optional<ErrorCode> code, Optional<String> cause, Object failedCheck) {
    static Verdict of(VerificationResult r) {
      return new Verdict(
          r.success(),
          r.errorCode(),
          Optional.ofNullable(r.extensions().get(Executor.CAUSE_CODE)).map(Object::toString),
          r.extensions().get("failedCheck"));
    }
  }

  @Example
  void anIntactEnvelopeVerifiesBothWays() throws Exception {
    for (EnvelopeFormat format : EnvelopeFormat.values()) {
      Verdict api = throughApi(format.mediaType(), envelopes.get(format));
      assertTrue(api.success(), api::toString);
      assertEquals(api, throughExecutor(format.mediaType(), envelopes.get(format)), format.name());
    }
  }

  @Example
  void anEnvelopeForAnotherImageFailsTheSameCheckBothWays() throws Exception {
    // the other format's envelope under this media type cannot even be parsed; the right one for
    // another digest fails the integrity check: both must say so alike
    for (EnvelopeFormat format : EnvelopeFormat.values()) {
      EnvelopeFormat other =
          format == EnvelopeFormat.JWS ? EnvelopeFormat.COSE : EnvelopeFormat.JWS;
      Verdict api = throughApi(format.mediaType(), envelopes.get(other));
      assertFalse(api.success(), api::toString);
      assertEquals(api, throughExecutor(format.mediaType(), envelopes.get(other)), format.name());
    }
  }

  @Property(tries = 60)
  void aChangedByteGetsTheSameVerdictBothWays(
      @ForAll EnvelopeFormat format,
      @ForAll @IntRange(min = 0, max = 1 << 16) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor)
      throws Exception {
    byte[] envelope = envelopes.get(format).clone();
    int at = position % envelope.length;
    envelope[at] = (byte) (envelope[at] ^ xor);
    String mediaType = format.mediaType();
    Verdict api = throughApi(mediaType, envelope);
    Verdict executor = throughExecutor(mediaType, envelope);
    assertEquals(api, executor, format + ": byte " + at + " ^ " + xor);
  }
}
