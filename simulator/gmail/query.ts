/**
 * The subset of Gmail's search operators (the `q` of messages.list) the simulator knows:
 * after:/before: (YYYY/MM/DD, read as midnight PST per Gmail's search docs, or epoch seconds),
 * in:inbox|sent|anywhere, label:inbox|sent, rfc822msgid:. Anything else is refused with a 400
 * naming the term, so a client never silently gets a wrong answer.
 */
export interface MessageQuery {
  readonly afterMs: number | null;
  readonly beforeMs: number | null;
  readonly labels: readonly string[];
  readonly rfc822MessageId: string | null;
}

export class QueryError extends Error {}

const pstOffsetMs = 8 * 3600_000;

export function parseQuery(q: string): MessageQuery {
  let afterMs: number | null = null;
  let beforeMs: number | null = null;
  let rfc822MessageId: string | null = null;
  const labels: string[] = [];
  for (const term of q.match(/\S+/g) ?? []) {
    const colon = term.indexOf(':');
    const operator = colon > 0 ? term.slice(0, colon).toLowerCase() : '';
    const value = term.slice(colon + 1);
    switch (operator) {
      case 'after':
        afterMs = Math.max(afterMs ?? -Infinity, parseTime(term, value));
        break;
      case 'before':
        beforeMs = Math.min(beforeMs ?? Infinity, parseTime(term, value));
        break;
      case 'in':
      case 'label': {
        const label = value.toUpperCase();
        if (label === 'ANYWHERE' && operator === 'in') break;
        if (label !== 'INBOX' && label !== 'SENT') throw new QueryError(`The simulator does not know the label in "${term}".`);
        labels.push(label);
        break;
      }
      case 'rfc822msgid':
        rfc822MessageId = normalizeMessageId(value);
        break;
      default:
        throw new QueryError(`The simulator does not support the search term "${term}".`);
    }
  }
  return { afterMs, beforeMs, labels, rfc822MessageId };
}

function parseTime(term: string, value: string): number {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
  if (!date) throw new QueryError(`Cannot read the date in "${term}".`);
  return Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) + pstOffsetMs;
}

/** Message-IDs compare without their angle brackets and case-insensitively. */
export function normalizeMessageId(value: string): string {
  return value.trim().replace(/^<|>$/g, '').toLowerCase();
}
