/**
 * Prometheus scrapes text, not JSON (exposition format 0.0.4, `text/plain; version=0.0.4`). The
 * management API answers JSON bodies only, so `sys/metrics?format=prometheus` answers a raw body
 * `{prometheus_text, content_type}` and this fastify hook, installed on each API listener
 * (src/app.ts), sends that text as the body with its content type, as Vault does for
 * `/v1/sys/metrics?format=prometheus`. Only 200 answers of that one path are touched.
 */
import type { FastifyInstance } from "fastify";

export const PROMETHEUS_TEXT_FIELD = "prometheus_text";

const METRICS_PATH = "/v1/sys/metrics";

export function installPrometheusText(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== "string") return payload;
    if (request.url.split("?", 1)[0] !== METRICS_PATH) return payload;
    const body = parse(payload);
    const text = body?.[PROMETHEUS_TEXT_FIELD];
    if (typeof text !== "string") return payload;
    const type = typeof body?.content_type === "string" ? body.content_type : "text/plain; version=0.0.4";
    reply.header("content-type", type);
    return text;
  });
}

function parse(payload: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
