package io.ratify.core.report;

import io.ratify.api.Digest;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.VerifierReport;

/**
 * A validation result as an indented tree for people: one line per report, {@code ✓} or {@code ✗},
 * the verifier, the referrer and its artifact type, then the reason and remediation of failures,
 * and at the end why the subject was denied. Not a stable format: parse {@link ReportJson} instead.
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
    b.append(result.success() ? "✓ verified: " : "✗ not verified: ").append(result.subject());
    result.subjectDescriptor().ifPresent(d -> b.append(" (").append(d.digest()).append(')'));
    b.append('\n');
    for (VerifierReport r : result.verifierReports()) {
      report(b, r, 1);
    }
    if (!result.reasons().isEmpty()) {
      b.append("reasons:\n");
      for (String reason : result.reasons()) {
        b.append("  - ").append(reason).append('\n');
      }
    }
    return b.toString();
  }

  private static void report(StringBuilder b, VerifierReport r, int depth) {
    String indent = "  ".repeat(depth);
    VerificationResult res = r.result();
    b.append(indent).append(r.success() ? "✓ " : "✗ ");
    if (r.verifierName().isPresent()) {
      b.append(r.verifierName().get());
      r.verifierType().ifPresent(t -> b.append(" [").append(t).append(']'));
      r.referenceDigest().ifPresent(d -> b.append(" on ").append(shortDigest(d)));
      r.artifactType().ifPresent(t -> b.append(" (").append(t).append(')'));
      b.append(": ");
    } else {
      b.append(r.subject()).append(": ");
    }
    b.append(res.message());
    res.errorCode().ifPresent(c -> b.append(" [").append(c.name()).append(']'));
    b.append('\n');
    res.errorReason()
        .filter(s -> !s.isEmpty() && !s.equals(res.message()))
        .ifPresent(s -> b.append(indent).append("    reason: ").append(s).append('\n'));
    res.remediation()
        .filter(s -> !s.isEmpty())
        .ifPresent(s -> b.append(indent).append("    remediation: ").append(s).append('\n'));
    for (VerifierReport n : r.nestedResults()) {
      report(b, n, depth + 1);
    }
  }

  private static String shortDigest(Digest d) {
    return d.algorithm() + ":" + d.hex().substring(0, 12);
  }
}
