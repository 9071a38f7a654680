/**
 * sys/metrics (API docs "/sys/metrics"): the server's metrics, `format=prometheus` for the
 * Prometheus text format, else JSON (prom-client's metric objects, under `metrics`). Vault answers
 * this path without a token only when a listener sets `unauthenticated_metrics_access`; kmipd has
 * no such setting, so a token with `read` on `sys/metrics` is always needed.
 */

import { PROMETHEUS_TEXT_FIELD } from "../../metrics/prometheus-text.js";
import type { ServerMetrics } from "../../metrics/server-metrics.js";
import type { SysPathDef } from "./context.js";

export function metricsPaths(metrics: ServerMetrics): SysPathDef[] {
  return [
    {
      pattern: "metrics",
      summary: "Read the server's metrics (Prometheus text or JSON).",
      fields: {
        format: {
          type: "string",
          description: 'Output format: "prometheus" for the Prometheus text format; JSON otherwise.',
          default: "",
          allowed: ["", "json", "prometheus"],
        },
      },
      operations: {
        read: async (req) => {
          if (req.get<string>("format") === "prometheus") {
            const data = { [PROMETHEUS_TEXT_FIELD]: await metrics.text(), content_type: metrics.contentType };
            return { raw: true, data };
          }
          return { raw: true, data: { metrics: await metrics.json() } };
        },
      },
    },
  ];
}
