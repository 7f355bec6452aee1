/**
 * Renderings of a validation result: Ratify's JSON ({@link io.ratify.core.report.ReportJson}) and
 * text for people.
 */
package io.ratify.core.report;
