/** The small pages the loopback listener answers the browser with (no script, no remote content). */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function page(title: string, text: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>LeadPulse — ${esc(title)}</title>
<body style="font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;color:#1f2933">
<h1 style="font-size:1.4rem">${esc(title)}</h1><p>${esc(text)}</p></body>`;
}
