package io.ratify.examples.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Deadline;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerifierReport;
import io.ratify.core.ExecutorFactory;
import io.ratify.core.ExecutorSet;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.ConfigSet;
import io.ratify.core.config.ExecutorConfig;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.core.report.ReportJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link VerificationBackend} over an {@link ExecutorSet}: each key goes to the executor its
 * namespace and scope select (Ratify v2 scoped executors, v1 namespaced configuration, or the one
 * v1 executor). Every executor's time budget is capped to the server's verify timeout, so a
 * validation ends on its own before the request's deadline.
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

  private final ExecutorSet executors;
  private final String fingerprint;
  private final Metrics metrics;

  private ExecutorBackend(ExecutorSet executors, String fingerprint, Metrics metrics) {
    this.executors = executors;
    this.fingerprint = fingerprint;
    this.metrics = metrics;
  }

  /**
   * Loads the configuration at {@code path} (a file or a directory) and builds its executors, each
   * with its timeout capped at {@code maxTimeout}.
   *
   * @throws RatifyException the configuration's or a plugin's error
   */
  public static ExecutorBackend create(
      Path path, String fingerprint, PluginRegistry plugins, Duration maxTimeout, Metrics metrics)
      throws RatifyException {
    ConfigSet loaded = ConfigLoader.loadSet(List.of(path));
    List<ExecutorConfig> capped = new ArrayList<>();
    for (ExecutorConfig e : loaded.executors()) {
      RatifyConfig c = e.config();
      if (c.timeout().compareTo(maxTimeout) > 0) {
        c = c.toBuilder().timeout(maxTimeout).build();
      }
      capped.add(new ExecutorConfig(e.name(), e.namespace(), e.scopes(), c, e.origin()));
    }
    return new ExecutorBackend(
        ExecutorSet.create(ConfigSet.of(capped), ExecutorFactory.of(plugins)),
        fingerprint,
        metrics);
  }

  private static String key(String namespace, Reference ref) {
    return namespace.isEmpty() ? ref.toString() : "[" + namespace + "]" + ref;
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public Digest resolve(String namespace, Reference ref, Duration budget) throws RatifyException {
    ExecutorSet.Route r = executors.route(key(namespace, ref));
    return r.executor().store().resolve(ref, Deadline.after(budget)).digest();
  }

  @Override
  public Verdict validate(String namespace, Reference pinned) throws RatifyException {
    ValidationResult r =
        executors.route(key(namespace, pinned)).executor().validate(pinned, pinned.toString());
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

  static boolean lasting(List<VerifierReport> reports) {
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
    executors.close();
  }
}
