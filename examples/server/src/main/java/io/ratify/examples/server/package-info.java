/**
 * Ratify's Gatekeeper external-data provider as a library: {@link
 * io.ratify.examples.server.ProviderServer} serves verify and mutate requests over HTTPS, with
 * caches, metrics, and configuration and certificate reload.
 */
package io.ratify.examples.server;
