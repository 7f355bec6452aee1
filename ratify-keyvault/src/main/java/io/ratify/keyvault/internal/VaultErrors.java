package io.ratify.keyvault.internal;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.parse.Printable;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import reactor.core.Exceptions;

/**
 * Turns what the Azure SDK throws into {@link RatifyException}s of the form {@code what: why:
 * remediation}. Messages carry the HTTP status and Key Vault's own error code and message, never a
 * token, a request or a secret value. The SDK exception itself is not attached: it holds the
 * request, bearer token included, and the provider keeps its error. A stand-in with the SDK
 * exception's class names and stack traces (no text) is attached as suppressed, so the logs still
 * show where the failure came from.
 */
final class VaultErrors {
  private static final int MAX_SERVICE_MESSAGE = 200;
  private static final int MAX_CAUSES = 8;

  /**
   * What the SDK threw, reduced to class names and stack traces: nothing that refers to a request
   * or a response.
   */
  static final class SdkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private SdkFailure(String summary, Throwable cause) {
      super(summary, cause, false, true);
    }
  }

  /**
   * Key Vault's error body: {@code {"error": {"code", "message", "innererror": {"code"}}}}.
   *
   * @param status the HTTP status
   * @param code the error code, empty if absent
   * @param innerCode the inner error code ({@code SecretDisabled}, ...), empty if absent
   * @param message the service's message, shortened, empty if absent
   */
  record ServiceError(int status, String code, String innerCode, String message) {}

  private VaultErrors() {}

  /** The Key Vault error of {@code e}, when it is an HTTP error response. */
  static Optional<ServiceError> serviceError(Throwable e) {
    if (!(e instanceof HttpResponseException h) || h.getResponse() == null) {
      return Optional.empty();
    }
    Map<?, ?> error = Map.of();
    Optional<String> body = body(h);
    if (body.isPresent()) {
      try (JsonReader reader = JsonProviders.createReader(body.get())) {
        reader.nextToken();
        if (reader.readUntyped() instanceof Map<?, ?> root
            && root.get("error") instanceof Map<?, ?> inner) {
          error = inner;
        }
      } catch (IOException | RuntimeException ignored) {
        // not Key Vault's error shape: only the status is known
      }
    }
    String inner =
        error.get("innererror") instanceof Map<?, ?> i && i.get("code") instanceof String s
            ? s
            : "";
    String code = error.get("code") instanceof String s ? s : "";
    String message = error.get("message") instanceof String s ? Printable.of(s) : "";
    if (message.length() > MAX_SERVICE_MESSAGE) {
      message = message.substring(0, MAX_SERVICE_MESSAGE) + "…";
    }
    return Optional.of(new ServiceError(h.getResponse().getStatusCode(), code, inner, message));
  }

  /**
   * Whether {@code e} is Key Vault's answer to reading a disabled secret: 403 Forbidden, inner code
   * SecretDisabled.
   */
  static boolean isSecretDisabled(Throwable e) {
    return serviceError(e)
        .filter(
            s ->
                s.status() == 403
                    && s.code().equals("Forbidden")
                    && s.innerCode().equals("SecretDisabled"))
        .isPresent();
  }

  /**
   * Whether {@code e} is Key Vault's answer to reading a disabled key: 403, inner code KeyDisabled.
   */
  static boolean isKeyDisabled(Throwable e) {
    return serviceError(e)
        .filter(s -> s.status() == 403 && s.innerCode().equals("KeyDisabled"))
        .isPresent();
  }

  /**
   * The {@link RatifyException} for a failed vault call.
   *
   * @param e what the SDK or Reactor threw
   * @param what the call, e.g. {@code "GetSecret of certificate 'signer' in
   *     https://v.vault.azure.net"}
   */
  static RatifyException toRatify(Throwable e, String what) {
    Throwable t = Exceptions.unwrap(e);
    RatifyException out;
    if (t instanceof TimeoutException) {
      out =
          new RatifyException(
              ErrorCode.TIMEOUT,
              what + ": no answer before the deadline",
              "check that the vault is reachable from here, or raise the verification timeout",
              null);
    } else if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      out = new RatifyException(ErrorCode.CANCELLED, what + ": interrupted", null, null);
    } else if (t instanceof VaultOnlyPolicy.ForeignHost f) {
      out =
          new RatifyException(
              ErrorCode.KEY_VAULT_OPERATION_FAILURE,
              what
                  + ": the vault's answer links to another host ("
                  + f.host()
                  + "); the request was refused and no token sent",
              "check that the vault URL names the vault itself, not a proxy that rewrites links",
              null);
    } else if (t instanceof ClientAuthenticationException cae && cae.getResponse() == null) {
      out =
          new RatifyException(
              ErrorCode.KEY_VAULT_OPERATION_FAILURE,
              what + ": no access token could be obtained (" + t.getClass().getSimpleName() + ")",
              "check tenantID, clientID and the identity's federated credential for this service account",
              null);
    } else {
      Optional<ServiceError> s = serviceError(t);
      if (s.isPresent()) {
        out =
            new RatifyException(
                ErrorCode.KEY_VAULT_OPERATION_FAILURE,
                what + ": " + describe(s.get()),
                remediation(s.get()),
                null);
      } else {
        out =
            new RatifyException(
                ErrorCode.KEY_VAULT_OPERATION_FAILURE,
                what + ": the vault could not be reached (" + t.getClass().getSimpleName() + ")",
                "check the vault URL and network access to the vault",
                null);
      }
    }
    out.addSuppressed(standIn(t, 0));
    return out;
  }

  /**
   * A text-free copy of {@code t} and its causes: SDK exceptions keep the request and response they
   * came from.
   */
  static SdkFailure standIn(Throwable t, int depth) {
    Throwable cause = t.getCause();
    SdkFailure causeCopy =
        cause == null || cause == t || depth >= MAX_CAUSES ? null : standIn(cause, depth + 1);
    String summary = t.getClass().getName();
    if (t instanceof HttpResponseException h && h.getResponse() != null) {
      summary += " (HTTP " + h.getResponse().getStatusCode() + ")";
    }
    SdkFailure copy = new SdkFailure(summary, causeCopy);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  private static String describe(ServiceError s) {
    StringBuilder b = new StringBuilder("HTTP ").append(s.status());
    if (!s.code().isEmpty()) {
      b.append(' ').append(Printable.of(s.code()));
    }
    if (!s.innerCode().isEmpty()) {
      b.append('/').append(Printable.of(s.innerCode()));
    }
    if (!s.message().isEmpty()) {
      b.append(" (").append(s.message()).append(')');
    }
    return b.toString();
  }

  private static String remediation(ServiceError s) {
    return switch (s.status()) {
      case 401 -> "check the workload identity: tenantID, clientID and the federated credential";
      case 403 ->
          "grant the identity 'get' on secrets and keys of the vault ('list' too when versionHistoryLimit is set), "
              + "and check the vault's network rules";
      case 404 ->
          "check the name and version; a certificate's chain is read from the secret of the same name";
      case 429 -> "the vault throttled the requests: raise refreshInterval or read fewer versions";
      default ->
          s.status() >= 500 ? "the vault failed; retry later" : "check the provider configuration";
    };
  }

  private static Optional<String> body(HttpResponseException h) {
    Object value = h.getValue();
    if (value instanceof BinaryData d) {
      return Optional.of(d.toString());
    }
    if (value instanceof String s) {
      return Optional.of(s);
    }
    if (value instanceof byte[] bytes) {
      return Optional.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
    // older generated clients put the body into the message: 'Status code 403, "{...}"'
    String message = h.getMessage();
    if (message != null) {
      int open = message.indexOf('{');
      int close = message.lastIndexOf('}');
      if (open >= 0 && close > open) {
        return Optional.of(message.substring(open, close + 1));
      }
    }
    return Optional.empty();
  }
}
