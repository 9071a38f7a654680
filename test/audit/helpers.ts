/** Shared by the audit tests: enable a file device on a live kmipd and read its records back. */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { KmipClient } from "../../src/client/index.js";
import type { Credential, Kmipd } from "../helpers/kmipd.js";

export type AuditRecord = Record<string, any> & { type: string; prev_hash: string };

export async function enableFileDevice(kmipd: Kmipd, path: string, filePath: string, options = {}) {
  const res = await kmipd.api("POST", `sys/audit/${path}`, {
    type: "file",
    description: "test device",
    options: { file_path: filePath, ...options },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(204);
}

export function readRecords(filePath: string): AuditRecord[] {
  return readFileSync(filePath, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as AuditRecord);
}

/** The records of the API requests to `path`, by type. */
export function apiRecords(records: AuditRecord[], path: string): AuditRecord[] {
  return records.filter((r) => (r.type === "request" || r.type === "response") && r.request?.path === path);
}

/** What `sys/audit-hash/:device` answers for `input` (the HMAC the device writes). */
export async function auditHash(kmipd: Kmipd, device: string, input: string): Promise<string> {
  const res = await kmipd.api("POST", `sys/audit-hash/${device}`, { input });
  expect(res.status).toBe(200);
  return res.body!.data.hash as string;
}

export async function connectClient(kmipd: Kmipd, cred: Credential, port: number): Promise<KmipClient> {
  const ca = (await kmipd.api("GET", "kmip/ca")).body!.data.ca_pem as string;
  return KmipClient.connect({
    host: "127.0.0.1",
    port,
    ca,
    cert: cred.certificate,
    key: cred.private_key,
    servername: "localhost",
    version: 1.4,
    timeoutMs: 10_000,
  });
}
