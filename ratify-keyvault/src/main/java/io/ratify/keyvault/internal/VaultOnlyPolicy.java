package io.ratify.keyvault.internal;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.ratify.api.internal.parse.Printable;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * Refuses every request that is not for the configured vault (same scheme, host and port). The SDK
 * follows a listing's {@code nextLink} wherever the answer points and attaches the vault's bearer
 * token to it; this policy runs before the authentication policy, so such a request is neither
 * authenticated nor sent.
 */
final class VaultOnlyPolicy implements HttpPipelinePolicy {
  private final String scheme;
  private final String host;
  private final int port;

  VaultOnlyPolicy(String vaultUri) {
    URI uri = URI.create(vaultUri);
    this.scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    this.host = uri.getHost().toLowerCase(Locale.ROOT);
    this.port = uri.getPort() < 0 ? 443 : uri.getPort();
  }

  /** A request for a host other than the vault's, refused before it was authenticated or sent. */
  static final class ForeignHost extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String host;

    ForeignHost(String host) {
      super("a request for host '" + host + "' was refused", null, false, false);
      this.host = host;
    }

    /** The refused host, printable. */
    String host() {
      return host;
    }
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    URL url = context.getHttpRequest().getUrl();
    return allowed(url) ? next.process() : Mono.error(foreign(url));
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    URL url = context.getHttpRequest().getUrl();
    if (!allowed(url)) {
      throw foreign(url);
    }
    return next.processSync();
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    // per call runs ahead of the retry and authentication policies
    return HttpPipelinePosition.PER_CALL;
  }

  private boolean allowed(URL url) {
    int p = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
    return scheme.equalsIgnoreCase(url.getProtocol())
        && host.equalsIgnoreCase(url.getHost())
        && port == p;
  }

  private static ForeignHost foreign(URL url) {
    String authority =
        url.getProtocol() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    return new ForeignHost(Printable.of(authority));
  }
}
