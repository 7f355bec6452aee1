package io.ratify.core.bench;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifyRequest;
import io.ratify.core.Executor;
import io.ratify.core.ExecutorFactory;
import io.ratify.core.config.ConfigPolicyConfig;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.internal.policy.ConfigPolicyFactory;
import io.ratify.core.testing.InMemoryStore;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a verification's time goes, against a real {@code docker-registry} on 127.0.0.1 and an
 * image signed by the project's signer ({@link SignedRegistry}), all in one run so that ratios are
 * comparable:
 *
 * <ul>
 *   <li>{@link #rawWarmClient}: the 5 requests a cold verification sends to a registry without the
 *       referrers API once the store knows it lacks one, which are the ones the executor's store
 *       sends (read from the registry's access log): HEAD manifest by tag, GET the image's
 *       tag-schema index, GET the signature manifest, GET the signature's own tag-schema index (→
 *       404: the walk looks for referrers of the signature too) and GET the envelope; with {@code
 *       java.net.http} on a warm client, one after the other, URIs known in advance, bodies read,
 *       nothing parsed.
 *   <li>{@link #coldValidateWarmClient}: {@code validate} by tag on one executor whose store cache
 *       is off (every request goes to the registry; connections are warm).
 *   <li>{@link #rawFreshClient} and {@link #firstValidateFreshExecutor}: the same with a new HTTP
 *       client each time (connection set-up included), and with the referrers API probe (GET
 *       referrers → 404) after the HEAD, which a new store sends once before it falls back to the
 *       tag schema (6 requests); the executor side also creates the executor (store, verifier with
 *       its trust policy and trust store, policy, threads) from an already parsed configuration and
 *       plugin registry, and closes it.
 *   <li>{@link #warmValidateByDigest}: {@code validate} by digest on one executor with caches on
 *       (no registry request); against {@link #verifierEnvelopeApi}, ratify-notation's own
 *       single-envelope verification of the same envelope, and {@link #verifierPluginWarm}, the
 *       notation verifier plugin called directly with the executor's warm store.
 * </ul>
 *
 * <p>On a shared machine the load drifts between benchmarks, which are measured one after the
 * other. The {@code paired*} benchmarks therefore run both sides of one ratio in every invocation
 * (alternating which goes first) and report, per iteration, the ratio of their summed times as the
 * secondary result {@code ratio}: the figure to quote.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// a minute of warm-up: the cold benchmarks run the store's request code about a hundred times a
// second, and C2 is still compiling it 40-60 s into a run
@Warmup(iterations = 60, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class ExecutorOverheadBenchmark {
  private static final String ACCEPT = String.join(", ", MediaTypes.MANIFEST_ACCEPT);

  private SignedRegistry bed;
  private HttpClient warmClient;
  private HttpClient secondClient;
  private List<HttpRequest> coldRequests;
  private List<HttpRequest> firstRequests;
  private ExecutorFactory factory;
  private RatifyConfig cachedConfig;
  private Executor uncached;
  private Executor cached;
  private Reference byDigest;
  private String byDigestText;
  private MethodHandle envelopeVerifier;
  private Verifier plugin;
  private static final String FLOOR_SUBJECT = "registry.test/app:v1";
  private Executor floor;
  private Reference floorSubject;

  @Setup
  public void setUp() throws Throwable {
    bed = SignedRegistry.start();
    URI base = URI.create("http://" + bed.host + "/v2/" + SignedRegistry.REPOSITORY + "/");
    coldRequests =
        List.of(
            request(base.resolve("manifests/" + SignedRegistry.TAG), ACCEPT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            request(
                    base.resolve("manifests/" + bed.image.digest().tagSchemaTag()),
                    MediaTypes.OCI_INDEX)
                .build(),
            request(
                    base.resolve("manifests/" + bed.signature.digest()),
                    bed.signature.mediaType() + ", " + ACCEPT)
                .build(),
            request(
                    base.resolve("manifests/" + bed.signature.digest().tagSchemaTag()),
                    MediaTypes.OCI_INDEX)
                .build(),
            request(base.resolve("blobs/" + bed.envelopeDescriptor.digest()), "*/*").build());
    firstRequests = new ArrayList<>(coldRequests);
    firstRequests.add(
        1, request(base.resolve("referrers/" + bed.image.digest()), MediaTypes.OCI_INDEX).build());
    warmClient = newClient();
    secondClient = newClient();
    expect(coldRequests, 200, 200, 200, 404, 200);
    expect(firstRequests, 200, 404, 200, 200, 404, 200);
    factory = ExecutorFactory.usingDefaultRegistry();
    cachedConfig = bed.config(true);
    uncached = factory.create(bed.config(false));
    cached = factory.create(cachedConfig);
    byDigestText = bed.byDigest();
    byDigest = Reference.parse(byDigestText);
    envelopeVerifier = bed.envelopeVerifier();
    plugin = cached.verifiers().get(0);
    floor = floorExecutor();
    floorSubject = Reference.parse(FLOOR_SUBJECT);
    // every path must verify, or the figures measure a failure path
    check(uncached.validate(bed.byTag()));
    check(cached.validate(bed.byDigest()));
    check(firstValidateFreshExecutor());
    check(verifierEnvelopeApi());
    check(verifierPluginWarm());
    check(floorValidateInMemory());
    if (storeCallsWarmClient() <= 0) {
      throw new IllegalStateException("the store read no envelope");
    }
  }

  private static Executor floorExecutor() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image(FLOOR_SUBJECT), MediaTypes.NOTARY_SIGNATURE);
    Verifier nothing =
        new Verifier() {
          @Override
          public String name() {
            return "nothing";
          }

          @Override
          public String type() {
            return "nothing";
          }

          @Override
          public boolean verifiable(Descriptor artifact) {
            return MediaTypes.NOTARY_SIGNATURE.equals(artifact.artifactTypeOrEmpty());
          }

          @Override
          public VerificationResult verify(VerifyRequest request) {
            return VerificationResult.success("nothing checked", Map.of());
          }
        };
    return Executor.builder()
        .store(sb.build())
        .verifier(nothing)
        .policy(
            new ConfigPolicyFactory()
                .create(
                    ConfigPolicyConfig.builder()
                        .artifactType(MediaTypes.NOTARY_SIGNATURE, ConfigPolicyConfig.Mode.ALL)
                        .build()
                        .toPluginConfig(),
                    null))
        .build();
  }

  @TearDown
  public void tearDown() throws Exception {
    if (uncached != null) {
      uncached.close();
    }
    if (cached != null) {
      cached.close();
    }
    if (floor != null) {
      floor.close();
    }
    if (bed != null) {
      bed.close();
    }
  }

  /** (a) The raw requests of a cold verification on a warm client. */
  @Benchmark
  public long rawWarmClient() throws IOException, InterruptedException {
    return send(warmClient, coldRequests);
  }

  /**
   * (a, fresh) The raw requests of a new store, probe included, on a client created for this call.
   */
  @Benchmark
  public long rawFreshClient() throws IOException, InterruptedException {
    return send(newClient(), firstRequests);
  }

  /**
   * (a'') The store calls of a cold verification, one after the other on this thread, with the
   * executor's store (cache off): what the store adds to the raw requests, without the executor.
   */
  @Benchmark
  public long storeCallsWarmClient() throws Exception {
    Store store = uncached.store();
    Reference tag = Reference.parse(bed.byTag());
    Deadline deadline = Deadline.after(Duration.ofSeconds(10));
    Descriptor image = store.resolve(tag, deadline);
    Reference pinned = tag.withDigest(image.digest());
    Descriptor signature =
        store.listReferrers(pinned, Set.of(), Optional.empty(), deadline).referrers().get(0);
    Manifest manifest = store.fetchManifest(pinned, signature, deadline);
    long nested =
        store
            .listReferrers(pinned.pinned(signature.digest()), Set.of(), Optional.empty(), deadline)
            .referrers()
            .size();
    return nested + store.fetchBlob(pinned, manifest.layers().get(0), deadline).length;
  }

  /**
   * (f) The executor's own floor: {@code validate} of an image with one signature from an in-memory
   * store, with a verifier that does nothing (one hand-off to a worker and back, the walk, the
   * policy, the report).
   */
  @Benchmark
  public ValidationResult floorValidateInMemory() throws Exception {
    return floor.validate(floorSubject, FLOOR_SUBJECT);
  }

  /** (b) {@code validate} by tag, store cache off, warm client. */
  @Benchmark
  public ValidationResult coldValidateWarmClient() throws Exception {
    return uncached.validate(bed.byTag());
  }

  /** (c) A new executor's first {@code validate} by tag; the executor is closed afterwards. */
  @Benchmark
  public ValidationResult firstValidateFreshExecutor() throws Exception {
    try (Executor e = factory.create(cachedConfig)) {
      return e.validate(bed.byTag());
    }
  }

  /** (d) {@code validate} by digest on one executor, caches on. */
  @Benchmark
  public ValidationResult warmValidateByDigest() throws Exception {
    return cached.validate(byDigest, byDigestText);
  }

  /** (e) ratify-notation's public single-envelope verification of the same envelope. */
  @Benchmark
  public VerificationResult verifierEnvelopeApi() throws Throwable {
    return (VerificationResult)
        envelopeVerifier.invoke(byDigestText, bed.image, MediaTypes.COSE_ENVELOPE, bed.envelope);
  }

  /** (e') The notation verifier plugin called directly with the executor's warm store. */
  @Benchmark
  public VerificationResult verifierPluginWarm() throws Exception {
    return plugin.verify(
        new VerifyRequest(
            byDigest,
            bed.image,
            bed.signature,
            cached.store(),
            Deadline.after(Duration.ofSeconds(10))));
  }

  /** Both sides of one ratio, timed in the same invocation; {@code ratio} = executor / baseline. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Pair {
    /** Executor-side time over baseline time, summed over this iteration so far. */
    public double ratio;

    long executorNanos;
    long baselineNanos;
    boolean executorFirst;

    @Setup(Level.Iteration)
    public void clear() {
      executorNanos = 0;
      baselineNanos = 0;
      ratio = 0;
    }

    interface Side {
      Object run() throws Throwable;
    }

    Object time(Side executor, Side baseline) throws Throwable {
      executorFirst = !executorFirst;
      Object a = executorFirst ? timeExecutor(executor) : timeBaseline(baseline);
      Object b = executorFirst ? timeBaseline(baseline) : timeExecutor(executor);
      ratio = (double) executorNanos / baselineNanos;
      return executorFirst ? b : a;
    }

    private Object timeExecutor(Side s) throws Throwable {
      long t0 = System.nanoTime();
      Object r = s.run();
      executorNanos += System.nanoTime() - t0;
      return r;
    }

    private Object timeBaseline(Side s) throws Throwable {
      long t0 = System.nanoTime();
      Object r = s.run();
      baselineNanos += System.nanoTime() - t0;
      return r;
    }
  }

  /** (b)/(a): {@link #coldValidateWarmClient} against {@link #rawWarmClient}. */
  @Benchmark
  public Object pairedColdOverRaw(Pair p) throws Throwable {
    return p.time(this::coldValidateWarmClient, this::rawWarmClient);
  }

  /**
   * Control: the raw requests on a second client against the same on the first. Its ratio must be 1
   * within the noise, or pairing itself favours one side.
   */
  @Benchmark
  public Object pairedRawOverRaw(Pair p) throws Throwable {
    return p.time(() -> send(secondClient, coldRequests), this::rawWarmClient);
  }

  /**
   * (a'')/(a): {@link #storeCallsWarmClient} against {@link #rawWarmClient}: the store's share of
   * the cold gap, without the executor.
   */
  @Benchmark
  public Object pairedStoreOverRaw(Pair p) throws Throwable {
    return p.time(this::storeCallsWarmClient, this::rawWarmClient);
  }

  /** (c)/(a, fresh): {@link #firstValidateFreshExecutor} against {@link #rawFreshClient}. */
  @Benchmark
  public Object pairedFreshOverRawFresh(Pair p) throws Throwable {
    return p.time(this::firstValidateFreshExecutor, this::rawFreshClient);
  }

  /** (d)/(e): {@link #warmValidateByDigest} against {@link #verifierEnvelopeApi}. */
  @Benchmark
  public Object pairedWarmOverVerifier(Pair p) throws Throwable {
    return p.time(this::warmValidateByDigest, this::verifierEnvelopeApi);
  }

  private void expect(List<HttpRequest> requests, int... statuses)
      throws IOException, InterruptedException {
    for (int i = 0; i < statuses.length; i++) {
      int status =
          warmClient.send(requests.get(i), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != statuses[i]) {
        throw new IllegalStateException(requests.get(i) + " answered " + status);
      }
    }
  }

  /**
   * (d)/(e'): {@link #warmValidateByDigest} against {@link #verifierPluginWarm}, the verifier's own
   * warm verification (what the executor adds to the plugin it runs).
   */
  @Benchmark
  public Object pairedWarmOverPlugin(Pair p) throws Throwable {
    return p.time(this::warmValidateByDigest, this::verifierPluginWarm);
  }

  private static long send(HttpClient client, List<HttpRequest> requests)
      throws IOException, InterruptedException {
    long bytes = 0;
    for (HttpRequest r : requests) {
      bytes += client.send(r, HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }
    return bytes;
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static HttpRequest.Builder request(URI uri, String accept) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", accept);
  }

  private static void check(ValidationResult r) {
    if (!r.success()) {
      throw new IllegalStateException("validation failed: " + r);
    }
  }

  private static void check(VerificationResult r) {
    if (!r.success()) {
      throw new IllegalStateException("verification failed: " + r);
    }
  }
}
