package io.ratify.examples.server.internal;

/**
 * The outcome of verifying one subject, as it is answered and cached.
 *
 * @param success whether the policy allowed the subject
 * @param reportJson the verification report, compact JSON (Ratify's result shape)
 * @param cacheable false when the outcome came from a transient failure (timeout, throttling, an
 *     unreachable registry): such outcomes are answered but never cached
 */
public record Verdict(boolean success, String reportJson, boolean cacheable) {
  /** The encoding stored in the shared cache: a flag, a bar, the report. */
  public String encode() {
    return (success ? "1|" : "0|") + reportJson;
  }

  /** Decodes {@link #encode()}; null when malformed. */
  public static Verdict decode(String s) {
    if (s == null || s.length() < 3 || s.charAt(1) != '|') {
      return null;
    }
    char f = s.charAt(0);
    if (f != '0' && f != '1') {
      return null;
    }
    return new Verdict(f == '1', s.substring(2), true);
  }
}
