/** Person names: a full name split into first/last, or first/last joined into a full name. */
const SUFFIX = /^(jr\.?|sr\.?|ii|iii|iv|v|phd|md|esq\.?)$/i;

export interface NameParts {
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
}

export function splitFullName(full: string | null): NameParts {
  if (!full) return { firstName: null, lastName: null, fullName: null };
  const f = full.replace(/\s+/g, ' ').trim();
  if (!f) return { firstName: null, lastName: null, fullName: null };
  const comma = f.indexOf(',');
  if (comma > 0) {
    const last = f.slice(0, comma).trim();
    const first = f.slice(comma + 1).trim();
    if (last && first && !SUFFIX.test(first)) {
      return { firstName: first, lastName: last, fullName: `${first} ${last}` };
    }
  }
  const tokens = f.split(' ');
  while (tokens.length > 2 && SUFFIX.test(tokens[tokens.length - 1] ?? '')) tokens.pop();
  if (tokens.length === 1) return { firstName: tokens[0] ?? null, lastName: null, fullName: f };
  const last = tokens.pop() ?? null;
  return { firstName: tokens.join(' ') || null, lastName: last, fullName: f };
}

export function joinName(first: string | null, last: string | null, full: string | null): NameParts {
  if (first || last) {
    const joined = [first, last].filter(Boolean).join(' ');
    return { firstName: first, lastName: last, fullName: full ?? (joined || null) };
  }
  return splitFullName(full);
}
