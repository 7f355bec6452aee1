/**
 * Ratify's engine: {@link io.ratify.core.Executor} validates a subject against its referrers with
 * the configured verifiers and policy; {@link io.ratify.core.ExecutorFactory} builds one from a
 * {@link io.ratify.core.config.RatifyConfig}. Everything under {@code io.ratify.core.internal} is
 * implementation and may change without notice.
 */
package io.ratify.core;
