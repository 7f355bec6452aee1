package io.ratify.core.report;

import io.ratify.api.Digest;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.VerifierReport;
import io.ratify.api.internal.parse.Printable;

/**
 * A validation result as an indented tree for people: one line per report, {@code ✓} or {@code ✗},
 * the verifier, the referrer and its artifact type, then the reason and remediation of failures,
 * and at the end why the subject was denied. Not a stable format: parse {@link ReportJson} instead.
 * Control characters and other text a terminal would interpret are shown escaped ({@link
 * Printable#escaped(String)}), so a hostile registry or plugin cannot write escape sequences to the
 * screen.
 */
public final class ReportText {
  private ReportText() {}

  /**
   * The text rendering, ending with a newline.
   *
   * @param result the result
   * @return the text rendering, ending with a newline
   */
  public static String render(ValidationResult result) {
    StringBuilder b = new StringBuilder();
    b.append(result.success() ? "✓ verified: " : "✗ not verified: ").append(safe(result.subject()));
    result.subjectDescriptor().ifPresent(d -> b.append(" (").append(d.digest()).append(')'));
    b.append('\n');
    for (VerifierReport r : result.verifierReports()) {
      report(b, r, 1);
    }
    if (!result.reasons().isEmpty()) {
      b.append("reasons:\n");
      for (String reason : result.reasons()) {
        b.append("  - ").append(safe(reason)).append('\n');
      }
    }
    return b.toString();
  }

  private static void report(StringBuilder b, VerifierReport r, int depth) {
    String indent = "  ".repeat(depth);
    VerificationResult res = r.result();
    b.append(indent).append(r.success() ? "✓ " : "✗ ");
    if (r.verifierName().isPresent()) {
      b.append(safe(r.verifierName().get()));
      r.verifierType().ifPresent(t -> b.append(" [").append(safe(t)).append(']'));
      r.referenceDigest().ifPresent(d -> b.append(" on ").append(shortDigest(d)));
      r.artifactType().ifPresent(t -> b.append(" (").append(safe(t)).append(')'));
      b.append(": ");
    } else {
      b.append(safe(r.subject())).append(": ");
    }
    b.append(safe(res.message()));
    res.errorCode().ifPresent(c -> b.append(" [").append(c.name()).append(']'));
    b.append('\n');
    res.errorReason()
        .filter(s -> !s.isEmpty() && !s.equals(res.message()))
        .ifPresent(s -> b.append(indent).append("    reason: ").append(safe(s)).append('\n'));
    res.remediation()
        .filter(s -> !s.isEmpty())
        .ifPresent(s -> b.append(indent).append("    remediation: ").append(safe(s)).append('\n'));
    for (VerifierReport n : r.nestedResults()) {
      report(b, n, depth + 1);
    }
  }

  /** Text from registries and plugins, with what a terminal would interpret made visible. */
  private static String safe(Object text) {
    return Printable.escaped(String.valueOf(text));
  }

  private static String shortDigest(Digest d) {
    return d.algorithm() + ":" + d.hex().substring(0, 12);
  }
}
