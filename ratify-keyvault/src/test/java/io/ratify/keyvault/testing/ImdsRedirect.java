package io.ratify.keyvault.testing;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * An azure-core HTTP client that sends what azure-identity addresses to the link-local IMDS ({@code
 * 169.254.169.254}) to the IMDS double instead: the real managed identity code runs, only the
 * network destination differs, and the test JVM's environment stays untouched.
 */
public final class ImdsRedirect implements HttpClient {
  private final HttpClient inner;
  private final URL imds;
  private final AtomicInteger redirected = new AtomicInteger();

  public ImdsRedirect(HttpClient inner, String imdsUrl) throws MalformedURLException {
    this.inner = inner;
    this.imds = new URL(imdsUrl);
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    URL u = request.getUrl();
    if (u.getHost().equals("169.254.169.254")) {
      try {
        request.setUrl(new URL(imds.getProtocol(), imds.getHost(), imds.getPort(), u.getFile()));
        redirected.incrementAndGet();
      } catch (MalformedURLException e) {
        return Mono.error(e);
      }
    }
    return inner.send(request);
  }

  /** Requests sent to the double instead of 169.254.169.254. */
  public int redirected() {
    return redirected.get();
  }
}
