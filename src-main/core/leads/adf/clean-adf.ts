/**
 * Pre-cleaning for the ADF quirks met in real mail before the XML parser sees it:
 * <?adf version="1.0"?> (any case, any position) and <?xml?> instructions removed,
 * DOCTYPE removed (no entity expansion), stray "&" escaped, stray "<" before a space/digit
 * escaped, BOM dropped. One pass per rule, each linear.
 */
export interface CleanedAdf {
  xml: string;
  version: string | null;
  repairs: string[];
}

export function cleanAdf(input: string): CleanedAdf {
  const repairs: string[] = [];
  let version: string | null = null;
  let s = input.replace(/^\uFEFF/, '');
  s = s.replace(/<\?([A-Za-z]{1,10})([^<>]{0,400}?)\?>/g, (_w, name: string, rest: string) => {
    if (name.toLowerCase() === 'adf') {
      const v = /version\s*=\s*["']?([0-9.]{1,10})/i.exec(rest);
      if (v?.[1]) version = v[1];
      repairs.push('adf-instruction');
    }
    return '';
  });
  if (/<!DOCTYPE/i.test(s)) {
    s = removeDoctypes(s);
    repairs.push('doctype-removed');
  }
  const fixed = outsideCdata(s, (part) =>
    part
      .replace(/&(?!(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});)/g, '&amp;')
      .replace(/<(?=[\s\d=<])/g, '&lt;'),
  );
  if (fixed !== s) repairs.push('stray-markup-characters');
  s = fixed;
  if (version === null) {
    const v = /<adf\b[^>]{0,200}?version\s*=\s*["']([0-9.]{1,10})["']/i.exec(s);
    if (v?.[1]) version = v[1];
  }
  return { xml: s, version, repairs };
}

/** Drops <!DOCTYPE ...> declarations (with an internal subset) in one linear pass. */
function removeDoctypes(s: string): string {
  const lower = s.toLowerCase();
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const d = lower.indexOf('<!doctype', i);
    if (d === -1) {
      parts.push(s.slice(i));
      break;
    }
    parts.push(s.slice(i, d));
    const gt = lower.indexOf('>', d);
    const br = lower.indexOf('[', d);
    let end: number;
    if (br !== -1 && (gt === -1 || br < gt)) {
      const cb = lower.indexOf(']', br);
      const gt2 = cb === -1 ? -1 : lower.indexOf('>', cb);
      end = gt2 === -1 ? s.length : gt2 + 1;
    } else {
      end = gt === -1 ? s.length : gt + 1;
    }
    i = end;
  }
  return parts.join('');
}

/** Applies fix to the text outside <![CDATA[ ... ]]> sections only. */
function outsideCdata(s: string, fix: (part: string) => string): string {
  if (!s.includes('<![CDATA[')) return fix(s);
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const open = s.indexOf('<![CDATA[', i);
    if (open === -1) {
      parts.push(fix(s.slice(i)));
      break;
    }
    parts.push(fix(s.slice(i, open)));
    const close = s.indexOf(']]>', open + 9);
    const end = close === -1 ? s.length : close + 3;
    parts.push(s.slice(open, end));
    i = end;
  }
  return parts.join('');
}
