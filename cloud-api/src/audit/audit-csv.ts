import type { AuditEntry } from '@leadpulse/cloud-contract';

const COLUMNS = ['id', 'at', 'actor_user_id', 'action', 'target', 'client', 'outcome', 'details'] as const;

/**
 * RFC 4180 CSV, every field quoted. Cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR at the start) get a leading apostrophe (CSV injection).
 */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const lines = [COLUMNS.join(',')];
  for (const e of entries) {
    const cells = [e.id, e.at, e.actorUserId ?? '', e.action, e.target ?? '', e.client ?? '', e.outcome, JSON.stringify(e.details)];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}
