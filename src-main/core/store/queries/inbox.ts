import { StoreRuleError } from '../errors';
import type { InboxFilters, InboxPage } from '../../../../src-shared/contract/areas/leads';
import type { Db } from '../open-database';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './rows';

export interface InboxQuery {
  readonly filters?: InboxFilters;
  readonly cursor?: string;
  readonly limit?: number;
}

interface Cursor {
  readonly receivedAt: number;
  readonly leadNo: number;
}

/** Opaque to the renderer; just the keyset position of the last row shown. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.receivedAt}.${c.leadNo}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const match = /^(-?\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw new StoreRuleError('This list position is no longer valid; reload the inbox.');
  return { receivedAt: Number(match[1]), leadNo: Number(match[2]) };
}

/** Newest first, keyset-paged: each page costs the same however deep the rep scrolls. */
export class InboxQueries {
  readonly #db: Db;
  readonly #statements = new Map<string, Statement<unknown[], SummaryRow>>();

  constructor(db: Db) {
    this.#db = db;
  }

  page(query: InboxQuery): InboxPage {
    const filters = query.filters ?? {};
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const where: string[] = [];
    const params: unknown[] = [];
    if (filters.status && filters.status.length > 0) {
      where.push(`l.status IN (${filters.status.map(() => '?').join(', ')})`);
      params.push(...filters.status);
    }
    if (filters.assignee === null) where.push('l.assignee IS NULL');
    else if (filters.assignee !== undefined) {
      where.push('l.assignee = ?');
      params.push(filters.assignee);
    }
    if (filters.source !== undefined) {
      where.push('l.source_provider = ?');
      params.push(filters.source);
    }
    if (query.cursor !== undefined) {
      const c = decodeCursor(query.cursor);
      where.push('(l.received_at, l.lead_no) < (?, ?)');
      params.push(c.receivedAt, c.leadNo);
    }
    const sql =
      `SELECT ${SUMMARY_COLUMNS} FROM leads l` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY l.received_at DESC, l.lead_no DESC LIMIT ?';
    params.push(limit + 1);
    const rows = this.#statement(sql).all(...params);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown.at(-1);
    return {
      leads: shown.map(toSummary),
      nextCursor: more && last ? encodeCursor({ receivedAt: last.received_at, leadNo: last.lead_no }) : null,
    };
  }

  #statement(sql: string): Statement<unknown[], SummaryRow> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare<unknown[], SummaryRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
