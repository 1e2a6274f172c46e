import type { FastifyRequest } from 'fastify';

/** "desktop/1.4.0 (win32)" from X-LeadPulse-Client, else the user agent; for the audit log. */
export function clientLabel(request: FastifyRequest): string | null {
  const raw = request.headers['x-leadpulse-client'] ?? request.headers['user-agent'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  // Printable ASCII only, bounded: it lands in CSV exports.
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
