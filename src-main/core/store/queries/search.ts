import type { SearchResult } from '../../../../src-shared/contract/areas/leads';
import type { Db } from '../open-database';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './rows';

const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 64;

/**
 * Turns what a rep typed into a safe FTS5 query: words and numbers only, each a prefix term,
 * all required. FTS syntax from the user (quotes, NEAR, column filters) is never interpreted.
 */
export function toFtsQuery(text: string): string | null {
  const terms = (text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [])
    .slice(0, MAX_TERMS)
    .map((t) => t.slice(0, MAX_TERM_LENGTH));
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t}"*`).join(' ');
}

/**
 * Most recently arrived leads first. Both indexes are walked newest-rowid-first with a limit,
 * so the cost stays small even when a common word matches thousands of leads.
 */
export class SearchQueries {
  readonly #search: Statement<{ q: string; k: number }, SummaryRow>;

  constructor(db: Db) {
    this.#search = db.prepare<{ q: string; k: number }, SummaryRow>(`
      WITH hits(lead_no) AS (
        SELECT lead_no FROM (SELECT rowid AS lead_no FROM lead_fts WHERE lead_fts MATCH :q ORDER BY rowid DESC LIMIT :k)
        UNION
        SELECT lead_no FROM (
          SELECT m.lead_no FROM message_fts f JOIN messages m ON m.message_no = f.rowid
          WHERE message_fts MATCH :q AND m.lead_no IS NOT NULL ORDER BY f.rowid DESC LIMIT :k)
      )
      SELECT ${SUMMARY_COLUMNS} FROM hits h JOIN leads l ON l.lead_no = h.lead_no
      ORDER BY l.lead_no DESC LIMIT :k`);
  }

  search(text: string, limit = 50): SearchResult {
    const q = toFtsQuery(text);
    if (q === null) return { leads: [], truncated: false };
    const capped = Math.min(Math.max(limit, 1), 100);
    const rows = this.#search.all({ q, k: capped + 1 });
    return { leads: rows.slice(0, capped).map(toSummary), truncated: rows.length > capped };
  }
}
