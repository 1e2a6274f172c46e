import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyBytes } from '../read-body';

/** Small HTTP helpers shared by the identity, Graph and control routes. */

export async function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}

export async function readJson(req: IncomingMessage, limit?: number): Promise<Record<string, unknown>> {
  const text = await readBody(req, limit);
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a JSON object');
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers }).end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, status: number, title: string, body: string, scriptNonce?: string): void {
  const script = scriptNonce ? ` script-src 'nonce-${scriptNonce}';` : '';
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline';${script} form-action http://localhost:* http://127.0.0.1:* 'self'`,
  }).end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)}</title><body>${body}</body></html>`);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Microsoft Graph's JSON error body: { error: { code, message, innerError } }. */
export function sendGraphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  sendJson(res, status, {
    error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': requestId } },
  }, { 'request-id': requestId, ...headers });
}

/** The identity platform's error body: error, AADSTS description with trace lines, error_codes. */
export function sendAadError(
  res: ServerResponse,
  status: number,
  error: string,
  aadsts: number | null,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  const prefix = aadsts === null ? '' : `AADSTS${aadsts}: `;
  sendJson(res, status, {
    error,
    error_description: `${prefix}${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: aadsts === null ? [] : [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    ...extra,
  });
}
