package io.ratify.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratify.api.Descriptor;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerifierReport;
import io.ratify.core.Executor;
import io.ratify.core.testing.LayoutWriter;
import io.ratify.examples.cli.internal.SeedConfig;
import io.ratify.examples.cli.internal.Session;
import io.ratify.examples.cli.internal.Subject;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.ManifestForm;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.signer.SignatureManifest;
import io.ratify.notation.signer.SignatureManifests;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ratify demo}: the whole scenario offline, in seconds. Makes a demo CA and signing key, an
 * OCI layout with a signed image, an unsigned image and an image whose signature was tampered with,
 * and verifies all three with an inline-certificate configuration of the seed guide's form.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Sign and verify three demo images in a temporary OCI layout, offline.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Work in DIR and keep it (default: a temporary directory, deleted afterwards).")
  Optional<Path> dir = Optional.empty();

  @Option(
      names = {"-v", "--verbose"},
      description = "Log debug details to standard error.")
  boolean verbose;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private record Case(String tag, String what, boolean expectVerified) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work =
        dir.isPresent()
            ? Files.createDirectories(dir.get())
            : Files.createTempDirectory("ratify-demo-");
    try {
      Path layout = work.resolve("layout");
      CertificateAuthority ca =
          CertificateAuthority.root("CN=Ratify Demo CA,O=Ratify for Java,C=US", KeySpec.EC_P256);
      IssuedCertificate signer =
          ca.codeSigningLeaf("CN=demo.signer,O=Ratify for Java,C=US", KeySpec.EC_P256);

      LayoutWriter w = new LayoutWriter(layout);
      NotationSigner jws =
          NotationSigner.builder()
              .privateKey(signer.privateKey())
              .certificateChain(signer.chain())
              .format(EnvelopeFormat.JWS)
              .build();
      Descriptor signed = w.image("signed", "signed image layer");
      attach(w, signed, jws.sign(signed, Map.of(), Optional.empty()), EnvelopeFormat.JWS);
      w.image("unsigned", "unsigned image layer");
      Descriptor tampered = w.image("tampered", "tampered image layer");
      attach(
          w, tampered, tamper(jws.sign(tampered, Map.of(), Optional.empty())), EnvelopeFormat.JWS);

      Path config = work.resolve("verify-config.yaml");
      Files.writeString(config, SeedConfig.withInlineCertificate(ca.certificate()));

      out.println("Ratify for Java demo: " + work.toAbsolutePath());
      out.println();
      List<Case> cases =
          List.of(
              new Case("signed", "signed by a key the configuration trusts", true),
              new Case("unsigned", "no signature", false),
              new Case("tampered", "signature altered after signing", false));
      boolean allAsExpected = true;
      for (Case c : cases) {
        Subject subject = Subject.layout(layout + ":" + c.tag(), Subject.DEFAULT_LAYOUT_SCOPE);
        ValidationResult r;
        try (Executor executor = Session.executor(java.util.List.of(config), "", subject)) {
          r = executor.validate(subject.reference(), "layout:" + c.tag());
        }
        boolean asExpected = r.success() == c.expectVerified();
        allAsExpected &= asExpected;
        out.printf(
            "%-9s %-44s -> %s%s%n",
            c.tag(),
            "(" + c.what() + ")",
            r.success() ? "VERIFIED" : "NOT VERIFIED",
            asExpected ? "" : "   <-- unexpected");
        if (!r.success()) {
          out.println("          reason: " + firstReason(r));
        }
      }
      out.println();
      out.println("Configuration used (" + config.getFileName() + "):");
      out.println(Files.readString(config));
      if (dir.isPresent()) {
        out.println(
            "Try it yourself: java -jar "
                + ownJar()
                + " verify -c "
                + config.toAbsolutePath()
                + " --oci-layout -s "
                + layout.toAbsolutePath()
                + ":signed");
      } else {
        out.println(
            "The files were temporary; rerun with --dir DIR to keep them and verify them yourself.");
      }
      out.flush();
      return allAsExpected ? RatifyCli.VERIFIED : RatifyCli.NOT_VERIFIED;
    } finally {
      if (dir.isEmpty()) {
        deleteTree(work);
      }
    }
  }

  private static void attach(
      LayoutWriter w, Descriptor subject, byte[] envelope, EnvelopeFormat format) throws Exception {
    SignatureManifest sm =
        SignatureManifests.build(subject, envelope, format, ManifestForm.CURRENT);
    w.blob(sm.configDescriptor().mediaType(), sm.configBytes());
    w.blob(sm.envelopeDescriptor().mediaType(), envelope);
    w.blob(sm.manifestDescriptor().mediaType(), sm.manifestBytes());
    w.list(sm.manifestDescriptor(), Optional.empty());
  }

  /**
   * Changes one bit of the JWS signature value: the envelope stays well formed, the signature no
   * longer matches.
   */
  private static byte[] tamper(byte[] jwsEnvelope) throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode node = (ObjectNode) m.readTree(jwsEnvelope);
    byte[] sig = Base64.getUrlDecoder().decode(node.get("signature").asText());
    sig[sig.length / 2] ^= 0x01;
    node.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
    return m.writeValueAsBytes(node);
  }

  private static String firstReason(ValidationResult r) {
    for (VerifierReport rep : r.verifierReports()) {
      if (!rep.success()) {
        return rep.result().errorReason().orElse(rep.result().message());
      }
    }
    return r.reasons().isEmpty() ? "denied by policy" : r.reasons().get(0);
  }

  /** The jar this command runs from, for the hint; the usual path when run from classes. */
  private static String ownJar() {
    try {
      Path p =
          Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) ? p.toString() : "examples/cli/target/ratify.jar";
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return "examples/cli/target/ratify.jar";
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort: a temporary directory left behind is harmless
    }
  }
}
