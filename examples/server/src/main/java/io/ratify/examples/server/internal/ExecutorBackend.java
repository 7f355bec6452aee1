package io.ratify.examples.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Deadline;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerifierReport;
import io.ratify.core.Executor;
import io.ratify.core.ExecutorFactory;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.core.report.ReportJson;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link VerificationBackend} over one {@link Executor}. The executor's time budget is capped to
 * the server's verify timeout, so a validation ends on its own before the request's deadline.
 */
public final class ExecutorBackend implements VerificationBackend {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Failure codes that say something lasting about the subject; a denial with any other code (a
   * timeout, throttling, a network failure) may change on retry and is not cached.
   */
  private static final Set<ErrorCode> LASTING =
      EnumSet.of(
          ErrorCode.NO_VERIFIER_REPORT,
          ErrorCode.SIGNATURE_NOT_FOUND,
          ErrorCode.VERIFY_REFERENCE_FAILURE,
          ErrorCode.SIGNATURE_ENVELOPE_INVALID,
          ErrorCode.SIGNATURE_INTEGRITY_FAILURE,
          ErrorCode.SIGNATURE_AUTHENTICITY_FAILURE,
          ErrorCode.TRUSTED_IDENTITY_FAILURE,
          ErrorCode.SIGNATURE_EXPIRED,
          ErrorCode.TRUST_POLICY_INVALID,
          ErrorCode.POLICY_DENIED,
          ErrorCode.MANIFEST_INVALID,
          ErrorCode.DIGEST_MISMATCH,
          ErrorCode.SIZE_LIMIT_EXCEEDED,
          ErrorCode.CERT_INVALID,
          ErrorCode.KEY_INVALID);

  private final Executor executor;
  private final String fingerprint;
  private final Metrics metrics;

  private ExecutorBackend(Executor executor, String fingerprint, Metrics metrics) {
    this.executor = executor;
    this.fingerprint = fingerprint;
    this.metrics = metrics;
  }

  /**
   * Builds the executor for {@code config}, with its timeout capped at {@code maxTimeout}.
   *
   * @throws RatifyException the configuration's or a plugin's error
   */
  public static ExecutorBackend create(
      RatifyConfig config,
      String fingerprint,
      PluginRegistry plugins,
      Duration maxTimeout,
      Metrics metrics)
      throws RatifyException {
    RatifyConfig capped =
        config.timeout().compareTo(maxTimeout) > 0
            ? config.toBuilder().timeout(maxTimeout).build()
            : config;
    return new ExecutorBackend(ExecutorFactory.of(plugins).create(capped), fingerprint, metrics);
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public Digest resolve(String namespace, Reference ref, Duration budget) throws RatifyException {
    return executor.store().resolve(ref, Deadline.after(budget)).digest();
  }

  @Override
  public Verdict validate(String namespace, Reference pinned) throws RatifyException {
    ValidationResult r = executor.validate(pinned, pinned.toString());
    String compact;
    try {
      compact = JSON.readTree(ReportJson.toJson(r)).toString();
    } catch (IOException e) {
      throw new RatifyException(ErrorCode.DATA_ENCODING_FAILURE, "cannot encode the report", e);
    }
    boolean cacheable = r.success() || lasting(r.verifierReports());
    count(r.verifierReports());
    return new Verdict(r.success(), compact, cacheable);
  }

  private static boolean lasting(List<VerifierReport> reports) {
    for (VerifierReport v : reports) {
      if (!v.success()) {
        if (v.result().errorCode().isEmpty() || !LASTING.contains(v.result().errorCode().get())) {
          return false;
        }
      }
      if (!lasting(v.nestedResults())) {
        return false;
      }
    }
    return true;
  }

  private void count(List<VerifierReport> reports) {
    for (VerifierReport v : reports) {
      v.verifierName()
          .ifPresent(
              n ->
                  metrics
                      .verifierResults
                      .labelValues(n, v.success() ? "success" : "failure")
                      .inc());
      count(v.nestedResults());
    }
  }

  @Override
  public void close() {
    executor.close();
  }
}
