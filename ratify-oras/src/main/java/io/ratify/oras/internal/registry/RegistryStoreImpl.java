package io.ratify.oras.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.internal.parse.Printable;
import io.ratify.oras.internal.auth.RegistryAuth;
import io.ratify.oras.internal.cache.ContentCache;
import io.ratify.oras.internal.cache.SingleFlight;
import io.ratify.oras.internal.cache.TtlCache;
import io.ratify.oras.internal.http.Answer;
import io.ratify.oras.internal.http.Exchange;
import io.ratify.oras.internal.http.HttpTransport;
import io.ratify.oras.internal.oci.OciJson;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code oras} store: an OCI distribution registry client of its own on {@link
 * java.net.http.HttpClient}.
 *
 * <ul>
 *   <li>Resolve: {@code HEAD} with the manifest {@code Accept} list, reading {@code
 *       Docker-Content-Digest}; when the registry leaves out the digest, type or length, a bounded
 *       {@code GET} whose bytes are hashed.
 *   <li>Referrers: the referrers API with {@code Link} pagination (bounded pages, same-origin links
 *       only) and client-side artifact type filtering; when the registry has no referrers API
 *       (404/405/501, or a 200 that is not an image index), the tag-schema index {@code
 *       <alg>-<hex>}. All referrers come back on one page.
 *   <li>Fetch: digest and size checked against the descriptor, body reading stopped past the size.
 *   <li>Caching: content per repository and digest (bounded by bytes), tags and referrer lists for
 *       the TTL, concurrent identical requests coalesced.
 * </ul>
 */
public final class RegistryStoreImpl implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryStoreImpl.class);
  private static final String ACCEPT = String.join(", ", MediaTypes.MANIFEST_ACCEPT);
  private static final int MAX_REFERRERS = 10_000;
  private static final Duration DIGEST_KEEP = Duration.ofHours(1);
  private static final Pattern REGISTRY_ERROR_CODE = Pattern.compile("[A-Z_]{1,64}");
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
  private static final Pattern REL =
      Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

  private record TagKey(String registry, String repository, String tag) {}

  private record ReferrersKey(
      String registry, String repository, Digest subject, Set<String> artifactTypes) {}

  private final RegistrySettings settings;
  private final HttpTransport transport;
  private final RegistryAuth auth;
  private final ContentCache content;
  private final TtlCache<TagKey, Descriptor> tags;
  private final TtlCache<String, Descriptor> byDigest;
  private final TtlCache<ReferrersKey, List<Descriptor>> referrers;
  // parsed manifests by content: a warm verification reads its signature manifest without parsing
  // it again (content-addressed, so an entry cannot go stale); small ones only, so that the count
  // bound is also a byte bound (at most 16 MiB)
  private final TtlCache<ManifestKey, Manifest> manifests;
  private static final int MAX_PARSED_MANIFEST_BYTES = 16 << 10;
  private final Set<String> withoutReferrersApi = ConcurrentHashMap.newKeySet();
  private final SingleFlight<String> flight = new SingleFlight<>();

  public RegistryStoreImpl(RegistrySettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transport =
        new HttpTransport(
            new HttpTransport.Settings(
                settings.connectTimeout(),
                settings.readTimeout(),
                settings.maxRetries(),
                settings.plainHttp(),
                settings.sslContext(),
                settings.observer(),
                settings.userAgent()));
    this.auth = new RegistryAuth(settings.credentials(), transport);
    boolean on = settings.cacheEnabled();
    this.content = new ContentCache(on ? settings.contentCacheBytes() : 0);
    Duration ttl = on ? settings.ttl() : Duration.ZERO;
    this.tags = new TtlCache<>(ttl, 10_000);
    this.referrers = new TtlCache<>(ttl, 10_000);
    this.byDigest = new TtlCache<>(on ? DIGEST_KEEP : Duration.ZERO, 10_000);
    this.manifests = new TtlCache<>(on ? DIGEST_KEEP : Duration.ZERO, 1_000);
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String type() {
    return "oras";
  }

  @Override
  public Descriptor resolve(Reference reference, Deadline deadline) throws RatifyException {
    Objects.requireNonNull(reference, "reference");
    if (reference.digest().isPresent()) {
      Digest d = reference.digest().get();
      String key = contentKey(reference, d);
      Optional<Descriptor> known = byDigest.get(key);
      if (known.isPresent()) {
        return known.get();
      }
      return flight.run(
          "resolve " + key,
          deadline,
          "resolve " + reference,
          () -> {
            Descriptor desc = resolveOnce(reference, d.toString(), Optional.of(d), deadline);
            byDigest.put(key, desc);
            return desc;
          });
    }
    String tag = reference.tag().orElse("latest");
    TagKey key = new TagKey(reference.registry(), reference.repository(), tag);
    Optional<Descriptor> known = tags.get(key);
    if (known.isPresent()) {
      return known.get();
    }
    return flight.run(
        "tag " + key,
        deadline,
        "resolve " + reference,
        () -> {
          Descriptor desc = resolveOnce(reference, tag, Optional.empty(), deadline);
          tags.put(key, desc);
          return desc;
        });
  }

  private Descriptor resolveOnce(
      Reference ref, String tagOrDigest, Optional<Digest> expected, Deadline deadline)
      throws RatifyException {
    String what = "resolve " + ref;
    Answer head =
        request(
            ref,
            "HEAD",
            pathUri(ref, "manifests/" + tagOrDigest),
            Map.of("Accept", ACCEPT),
            0,
            ErrorCode.SIZE_LIMIT_EXCEEDED,
            what,
            deadline);
    if (!head.ok()) {
      throw statusFailure(head, ErrorCode.GET_SUBJECT_DESCRIPTOR_FAILURE, what);
    }
    Optional<String> digestHeader = head.header("Docker-Content-Digest");
    Optional<String> type = head.contentType().filter(OciJson::isManifestType);
    OptionalLong length = contentLength(head);
    if (digestHeader.isPresent()
        && type.isPresent()
        && length.isPresent()
        && length.getAsLong() > 0) {
      Digest d = parseDigest(digestHeader.get(), what);
      if (expected.isPresent() && !expected.get().equals(d)) {
        throw new RatifyException(
            ErrorCode.DIGEST_MISMATCH,
            what + ": the registry names digest " + d,
            "check the registry",
            null);
      }
      if (length.getAsLong() > settings.maxManifestBytes()) {
        throw tooLarge(what, length.getAsLong(), settings.maxManifestBytes(), "maxManifestBytes");
      }
      return Descriptor.of(type.get(), expected.orElse(d), length.getAsLong());
    }
    LOG.debug("{}: HEAD lacks digest, type or length; falling back to GET", what);
    Answer get =
        request(
            ref,
            "GET",
            pathUri(ref, "manifests/" + tagOrDigest),
            Map.of("Accept", ACCEPT),
            settings.maxManifestBytes(),
            ErrorCode.SIZE_LIMIT_EXCEEDED,
            what,
            deadline);
    if (!get.ok()) {
      throw statusFailure(get, ErrorCode.GET_SUBJECT_DESCRIPTOR_FAILURE, what);
    }
    byte[] bytes = get.body();
    Digest d;
    if (expected.isPresent()) {
      if (!expected.get().matches(bytes)) {
        throw new RatifyException(
            ErrorCode.DIGEST_MISMATCH,
            what + ": the manifest does not hash to the requested digest",
            "check the registry",
            null);
      }
      d = expected.get();
    } else {
      Optional<String> header = get.header("Docker-Content-Digest");
      d = header.isPresent() ? parseDigest(header.get(), what) : Digest.sha256(bytes);
      if (!d.matches(bytes)) {
        throw new RatifyException(
            ErrorCode.DIGEST_MISMATCH,
            what + ": the manifest does not hash to the digest the registry names",
            "check the registry",
            null);
      }
    }
    Optional<String> mediaType = get.contentType().filter(OciJson::isManifestType);
    if (mediaType.isEmpty()) {
      mediaType = OciJson.declaredMediaType(bytes, what).filter(OciJson::isManifestType);
    }
    Descriptor desc =
        Descriptor.of(
            mediaType.orElseThrow(
                () ->
                    new RatifyException(
                        ErrorCode.MANIFEST_INVALID,
                        what + ": the registry answered with no manifest media type",
                        null,
                        null)),
            d,
            bytes.length);
    content.put(contentKey(ref, d), bytes);
    return desc;
  }

  @Override
  public ReferrerPage listReferrers(
      Reference subject, Set<String> artifactTypes, Optional<String> pageToken, Deadline deadline)
      throws RatifyException {
    Objects.requireNonNull(artifactTypes, "artifactTypes");
    Digest digest =
        subject
            .digest()
            .orElseThrow(
                () ->
                    new RatifyException(
                        ErrorCode.BAD_REQUEST,
                        "list referrers of " + subject + ": the subject has no digest",
                        "resolve the subject first",
                        null));
    if (pageToken.isPresent()) {
      throw new RatifyException(
          ErrorCode.BAD_REQUEST,
          "list referrers of " + subject + ": this store returns every referrer on the first page",
          "do not pass a page token",
          null);
    }
    ReferrersKey key =
        new ReferrersKey(
            subject.registry(), subject.repository(), digest, Set.copyOf(artifactTypes));
    Optional<List<Descriptor>> known = referrers.get(key);
    if (known.isPresent()) {
      return ReferrerPage.last(known.get());
    }
    List<Descriptor> list =
        flight.run(
            "referrers " + key,
            deadline,
            "list referrers of " + subject,
            () -> {
              Optional<List<Descriptor>> viaApi =
                  withoutReferrersApi.contains(subject.registry())
                      ? Optional.empty()
                      : referrersApi(subject, digest, key.artifactTypes(), deadline);
              List<Descriptor> all;
              if (viaApi.isPresent()) {
                all = viaApi.get();
              } else {
                withoutReferrersApi.add(subject.registry());
                all = tagSchemaIndex(subject, digest, deadline);
              }
              List<Descriptor> kept = filter(all, key.artifactTypes());
              referrers.put(key, kept);
              return kept;
            });
    return ReferrerPage.last(list);
  }

  /** The referrers through the API; empty when the registry does not implement it. */
  private Optional<List<Descriptor>> referrersApi(
      Reference subject, Digest digest, Set<String> types, Deadline deadline)
      throws RatifyException {
    String what = "list referrers of " + subject.pinned(digest);
    String path = "referrers/" + digest;
    if (types.size() == 1) {
      path += "?artifactType=" + URLEncoder.encode(types.iterator().next(), StandardCharsets.UTF_8);
    }
    URI uri = pathUri(subject, path);
    List<Descriptor> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      Answer a =
          request(
              subject,
              "GET",
              uri,
              Map.of("Accept", MediaTypes.OCI_INDEX),
              settings.maxManifestBytes(),
              ErrorCode.SIZE_LIMIT_EXCEEDED,
              what,
              deadline);
      boolean isIndex = a.contentType().filter(MediaTypes.OCI_INDEX::equals).isPresent();
      if (page == 1) {
        failIfRepositoryUnknown(a, what);
        if (a.status() == 404
            || a.status() == 405
            || a.status() == 501
            || (a.status() == 200 && !isIndex)) {
          LOG.debug("{}: no referrers API (answer {}), using the tag schema", what, a.status());
          return Optional.empty();
        }
      }
      if (!a.ok()) {
        throw statusFailure(a, ErrorCode.LIST_REFERRERS_FAILURE, what);
      }
      if (!isIndex) {
        throw new RatifyException(
            ErrorCode.LIST_REFERRERS_FAILURE,
            what + ": page " + page + " is not an image index",
            "check the registry",
            null);
      }
      all.addAll(OciJson.parseIndex(a.body(), what + " page " + page));
      if (all.size() > MAX_REFERRERS) {
        throw new RatifyException(
            ErrorCode.SIZE_LIMIT_EXCEEDED,
            what + ": more than " + MAX_REFERRERS + " referrers",
            null,
            null);
      }
      Optional<URI> next = nextLink(a, subject, what);
      if (next.isEmpty()) {
        return Optional.of(all);
      }
      if (page >= settings.maxReferrerPages()) {
        throw new RatifyException(
            ErrorCode.SIZE_LIMIT_EXCEEDED,
            what + ": more than " + settings.maxReferrerPages() + " pages of referrers",
            "raise maxReferrerPages if this is legitimate",
            null);
      }
      uri = next.get();
    }
  }

  private Optional<URI> nextLink(Answer a, Reference subject, String what) throws RatifyException {
    for (String header : a.headers().allValues("Link")) {
      Optional<String> raw = nextTarget(header);
      if (raw.isPresent()) {
        URI target;
        try {
          target = a.uri().resolve(new URI(raw.get()));
        } catch (Exception e) {
          throw new RatifyException(
              ErrorCode.LIST_REFERRERS_FAILURE, what + ": invalid pagination link", null, null);
        }
        URI base = base(subject.registry());
        String prefix = "/v2/" + subject.repository() + "/referrers/";
        if (!HttpTransport.sameOrigin(target, base)
            || target.getRawPath() == null
            || !target.getRawPath().startsWith(prefix)) {
          throw new RatifyException(
              ErrorCode.LIST_REFERRERS_FAILURE,
              what + ": the pagination link leaves the repository's referrers endpoint",
              "check the registry",
              null);
        }
        return Optional.of(target);
      }
    }
    return Optional.empty();
  }

  /**
   * The target of the first link in one {@code Link} header value whose relation types include
   * {@code next}. RFC 8288 allows several space-separated types in one {@code rel}, such as {@code
   * rel="prev next"}.
   */
  static Optional<String> nextTarget(String header) {
    Matcher m = LINK.matcher(header);
    while (m.find()) {
      Matcher rel = REL.matcher(m.group(2));
      if (rel.find()) {
        for (String type : rel.group(1).trim().split("\\s+")) {
          if (type.equalsIgnoreCase("next")) {
            return Optional.of(m.group(1).trim());
          }
        }
      }
    }
    return Optional.empty();
  }

  private List<Descriptor> tagSchemaIndex(Reference subject, Digest digest, Deadline deadline)
      throws RatifyException {
    String what =
        "list referrers of " + subject.pinned(digest) + " (tag " + digest.tagSchemaTag() + ")";
    Answer a =
        request(
            subject,
            "GET",
            pathUri(subject, "manifests/" + digest.tagSchemaTag()),
            Map.of("Accept", MediaTypes.OCI_INDEX),
            settings.maxManifestBytes(),
            ErrorCode.SIZE_LIMIT_EXCEEDED,
            what,
            deadline);
    failIfRepositoryUnknown(a, what);
    if (a.status() == 404) {
      // The tag is absent (MANIFEST_UNKNOWN, or a registry's own code for it): nothing refers to
      // the subject.
      return List.of();
    }
    if (!a.ok()) {
      throw statusFailure(a, ErrorCode.LIST_REFERRERS_FAILURE, what);
    }
    if (a.contentType().filter(t -> !t.equals(MediaTypes.OCI_INDEX)).isPresent()) {
      throw new RatifyException(
          ErrorCode.LIST_REFERRERS_FAILURE,
          what + ": the tag names a " + a.contentType().get() + ", not an image index",
          null,
          null);
    }
    return OciJson.parseIndex(a.body(), what);
  }

  /**
   * Keeps the referrers of the wanted types (all when none are named), first occurrence of each
   * digest.
   */
  static List<Descriptor> filter(List<Descriptor> all, Set<String> types) {
    Map<Digest, Descriptor> unique = new LinkedHashMap<>();
    for (Descriptor d : all) {
      if (types.isEmpty() || types.contains(d.artifactTypeOrEmpty())) {
        unique.putIfAbsent(d.digest(), d);
      }
    }
    return List.copyOf(unique.values());
  }

  @Override
  public Manifest fetchManifest(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException {
    String what = "fetch manifest " + descriptor.digest() + " of " + repository.name();
    if (!OciJson.isManifestType(descriptor.mediaType())) {
      throw new RatifyException(
          ErrorCode.GET_REFERRER_MANIFEST_FAILURE,
          what
              + ": media type '"
              + Printable.of(descriptor.mediaType())
              + "' is not a manifest type",
          null,
          null);
    }
    if (descriptor.size() > settings.maxManifestBytes()) {
      throw tooLarge(what, descriptor.size(), settings.maxManifestBytes(), "maxManifestBytes");
    }
    ManifestKey key =
        new ManifestKey(
            contentKey(repository, descriptor.digest()), descriptor.mediaType(), descriptor.size());
    Optional<Manifest> parsed = manifests.get(key);
    if (parsed.isPresent()) {
      Manifest m = parsed.get();
      return m.descriptor().equals(descriptor)
          ? m
          : new Manifest(
              descriptor,
              m.bytes(),
              m.artifactType(),
              m.config(),
              m.layers(),
              m.manifests(),
              m.subject(),
              m.annotations());
    }
    String accept = descriptor.mediaType() + ", " + ACCEPT;
    byte[] bytes =
        fetchContent(
            repository,
            descriptor,
            "manifests/",
            accept,
            ErrorCode.GET_REFERRER_MANIFEST_FAILURE,
            what,
            deadline);
    Manifest m = OciJson.parseManifest(descriptor, bytes);
    if (bytes.length <= MAX_PARSED_MANIFEST_BYTES) {
      manifests.put(key, m);
    }
    return m;
  }

  /** A manifest's content (repository and digest) as read with one media type and size. */
  private record ManifestKey(String content, String mediaType, long size) {}

  @Override
  public byte[] fetchBlob(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException {
    String what = "fetch blob " + descriptor.digest() + " of " + repository.name();
    if (descriptor.size() > settings.maxBlobBytes()) {
      throw tooLarge(what, descriptor.size(), settings.maxBlobBytes(), "maxBlobBytes");
    }
    return fetchContent(
            repository,
            descriptor,
            "blobs/",
            "*/*",
            ErrorCode.GET_BLOB_CONTENT_FAILURE,
            what,
            deadline)
        .clone();
  }

  private byte[] fetchContent(
      Reference repo,
      Descriptor desc,
      String kind,
      String accept,
      ErrorCode code,
      String what,
      Deadline deadline)
      throws RatifyException {
    String key = contentKey(repo, desc.digest());
    Optional<byte[]> cached = content.get(key);
    if (cached.isPresent() && cached.get().length == desc.size()) {
      return cached.get();
    }
    byte[] bytes =
        flight.run(
            "content " + key,
            deadline,
            what,
            () -> {
              Answer a =
                  request(
                      repo,
                      "GET",
                      pathUri(repo, kind + desc.digest()),
                      Map.of("Accept", accept),
                      desc.size(),
                      ErrorCode.SIZE_LIMIT_EXCEEDED,
                      what,
                      deadline);
              if (!a.ok()) {
                throw statusFailure(a, code, what);
              }
              byte[] body = a.body();
              if (body.length != desc.size()) {
                throw new RatifyException(
                    ErrorCode.DIGEST_MISMATCH,
                    what + ": got " + body.length + " bytes, the descriptor says " + desc.size(),
                    "check the registry",
                    null);
              }
              if (!desc.digest().matches(body)) {
                throw new RatifyException(
                    ErrorCode.DIGEST_MISMATCH,
                    what + ": the content does not match its digest",
                    "check the registry; the content may have been tampered with",
                    null);
              }
              content.put(key, body);
              return body;
            });
    // A caller that joined another caller's fetch of the same digest still gets its own
    // descriptor's size checked.
    if (bytes.length != desc.size()) {
      throw new RatifyException(
          ErrorCode.DIGEST_MISMATCH,
          what + ": got " + bytes.length + " bytes, the descriptor says " + desc.size(),
          "check the registry",
          null);
    }
    return bytes;
  }

  /** Callers currently waiting on another caller's identical request (tests). */
  int coalescedWaiters() {
    return flight.waiters();
  }

  /**
   * One registry request with authentication: up-front authorisation when the scheme is known, one
   * retry after a 401 from the registry itself.
   */
  private Answer request(
      Reference repo,
      String method,
      URI uri,
      Map<String, String> headers,
      long maxBytes,
      ErrorCode overflow,
      String what,
      Deadline deadline)
      throws RatifyException {
    String registry = repo.registry();
    String scope = "repository:" + repo.repository() + ":pull";
    URI origin = base(registry);
    Optional<String> authorization = auth.authorization(registry, scope, deadline);
    Exchange x =
        Exchange.of(method, uri, headers, maxBytes, overflow, what)
            .withAuthorization(authorization, origin);
    Answer a = transport.send(x, deadline);
    // Only the registry's own challenge counts: a redirect target (blob storage) naming a token
    // realm must neither
    // receive the registry's credentials nor change the scheme learnt for the registry.
    if (a.status() == 401 && HttpTransport.sameOrigin(a.uri(), origin)) {
      Optional<String> retry = auth.onChallenge(registry, scope, a, authorization, deadline);
      if (retry.isPresent()) {
        a = transport.send(x.withAuthorization(retry, origin), deadline);
      }
    }
    return a;
  }

  /**
   * A 404 naming the repository unknown is an error on both referrer paths, never an empty list.
   */
  private static void failIfRepositoryUnknown(Answer a, String what) throws RatifyException {
    if (a.status() == 404 && registryErrorCode(a).filter("NAME_UNKNOWN"::equals).isPresent()) {
      throw new RatifyException(
          ErrorCode.RESOURCE_NOT_FOUND,
          what + ": the repository does not exist",
          "check the reference",
          null);
    }
  }

  private RatifyException statusFailure(Answer a, ErrorCode operation, String what) {
    String registryCode = registryErrorCode(a).map(c -> " (" + c + ")").orElse("");
    String detail = what + ": the registry answered " + a.status() + registryCode;
    return switch (a.status()) {
      case 401, 403 ->
          new RatifyException(
              ErrorCode.AUTH_DENIED,
              detail,
              "check the credentials configured for " + a.uri().getRawAuthority(),
              null);
      case 404 ->
          new RatifyException(ErrorCode.RESOURCE_NOT_FOUND, detail, "check the reference", null);
      case 429 -> new RatifyException(ErrorCode.THROTTLED, detail, "retry later", null);
      default ->
          a.status() >= 500
              ? new RatifyException(
                  ErrorCode.REGISTRY_UNREACHABLE, detail, "retry later or check the registry", null)
              : new RatifyException(operation, detail, null, null);
    };
  }

  /** The first {@code errors[].code} of a distribution error body, if it has one. */
  private static Optional<String> registryErrorCode(Answer a) {
    if (a.body().length == 0 || a.contentType().filter(t -> t.endsWith("json")).isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode errors = OciJson.readObject(a.body(), "error body").get("errors");
      if (errors != null
          && errors.isArray()
          && errors.size() > 0
          && errors.get(0).path("code").isTextual()) {
        String c = errors.get(0).get("code").textValue();
        return REGISTRY_ERROR_CODE.matcher(c).matches() ? Optional.of(c) : Optional.empty();
      }
    } catch (RatifyException e) {
      // Not a distribution error body: the status alone is reported.
    }
    return Optional.empty();
  }

  private static RatifyException tooLarge(String what, long size, long limit, String field) {
    return new RatifyException(
        ErrorCode.SIZE_LIMIT_EXCEEDED,
        what + ": " + size + " bytes exceed the bound of " + limit,
        "raise the store's " + field + " if the content is legitimate",
        null);
  }

  private static Digest parseDigest(String text, String what) throws RatifyException {
    try {
      return Digest.parse(text.trim());
    } catch (RatifyException e) {
      throw new RatifyException(
          ErrorCode.DIGEST_INVALID,
          what + ": the registry sent an unusable digest: " + e.detail(),
          null,
          null);
    }
  }

  private static OptionalLong contentLength(Answer a) {
    try {
      return a.headers().firstValueAsLong("Content-Length");
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private URI base(String registry) {
    String host = registry.equals(Reference.DEFAULT_REGISTRY) ? "registry-1.docker.io" : registry;
    return URI.create((settings.plainHttp() ? "http" : "https") + "://" + host);
  }

  private URI pathUri(Reference repo, String rest) {
    // Reference validated registry, repository, tag and digest, so they need no escaping.
    return URI.create(base(repo.registry()) + "/v2/" + repo.repository() + "/" + rest);
  }

  private static String contentKey(Reference repo, Digest digest) {
    return repo.registry() + "/" + repo.repository() + "@" + digest;
  }

  @Override
  public void close() {
    content.clear();
    tags.clear();
    referrers.clear();
    byDigest.clear();
    manifests.clear();
  }

  @Override
  public String toString() {
    return "RegistryStore[" + settings.name() + "]";
  }
}
