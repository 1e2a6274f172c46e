import type { ServerResponse } from 'node:http';

/** What the simulator saw: method, path, time, mailbox and status, never bodies or queries. */
export interface LoggedRequest {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  mailbox: string | null;
  status: number | null;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly now: () => number, private readonly limit = 50_000) {}

  /** Starts an entry; its status is filled in when the response is finished. */
  record(method: string, path: string, res: ServerResponse): LoggedRequest {
    const entry: LoggedRequest = { time: new Date(this.now()).toISOString(), method, path, mailbox: null, status: null };
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    res.once('finish', () => {
      entry.status = res.statusCode;
    });
    res.once('close', () => {
      entry.status ??= res.statusCode;
    });
    return entry;
  }

  list(filter: { mailbox?: string | null; sinceMs?: number | null }): LoggedRequest[] {
    return this.entries.filter((e) =>
      (!filter.mailbox || e.mailbox === filter.mailbox) && (filter.sinceMs == null || Date.parse(e.time) >= filter.sinceMs));
  }

  clear(): void {
    this.entries = [];
  }
}
