import { describe, expect, it } from 'vitest';

// The stylesheets as written (vitest turns CSS imports, ?raw included, into empty strings). The
// renderer has no Node types, so node:fs is reached through an untyped specifier.
const fsModule: string = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: URL, encoding: 'utf8') => string };
const frame = readFileSync(new URL('./frame.css', import.meta.url), 'utf8');
const tokens = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
const leads = readFileSync(new URL('./leads.css', import.meta.url), 'utf8');

/** The declarations of the one rule whose selector is exactly `selector`. */
function rule(css: string, selector: string): Record<string, string> {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = new RegExp(`(?:^|})\\s*${escaped}\\s*\\{([^}]*)\\}`, 'm').exec(css)?.[1];
  if (body === undefined) throw new Error(`no rule for ${selector}`);
  return Object.fromEntries(
    body.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.slice(0, d.indexOf(':')).trim(), d.slice(d.indexOf(':') + 1).trim()]),
  );
}

/** A colour value with var(--token) resolved from tokens.css. */
function resolve(value: string): string {
  const name = /^var\((--[\w-]+)\)$/.exec(value)?.[1];
  if (!name) return value;
  const found = new RegExp(`${name}:\\s*([^;]+);`).exec(tokens)?.[1]?.trim();
  if (!found) throw new Error(`no token ${name}`);
  return resolve(found);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('the "Setup problem — contact IT" connectivity pill', () => {
  const offline = rule(frame, '.connectivity--offline .connectivity__status');
  // ConnectivityIndicator keeps the offline class on it and marks it data-state="setup-problem".
  const setup = rule(frame, ".connectivity .connectivity__status[data-state='setup-problem']");
  const dot = rule(frame, ".connectivity .connectivity__status[data-state='setup-problem'] .connectivity__dot");

  it('has its own colours, not the offline amber', () => {
    const offlineColours = [offline.color, offline.background].map((v) => resolve(v!));
    expect(resolve(setup.color!)).not.toBe(offlineColours[0]);
    expect(resolve(setup.background!)).not.toBe(offlineColours[1]);
    expect(resolve(setup.color!)).not.toBe(resolve('var(--danger)'));
    expect(resolve(dot.background!)).toBe(resolve(setup.color!));
  });

  it('reads with enough contrast (WCAG AA for its 13px text)', () => {
    expect(contrast(resolve(setup.color!), resolve(setup.background!))).toBeGreaterThanOrEqual(4.5);
  });
});

describe('the quiet green of "Online" and the lead status pills', () => {
  // axe-core found #1f8a5b on #e7f5ee (3.85:1) on "Online" and Appointment/Sold, and #6b7280 on
  // #f0f2f5 (4.4:1) on Lost; their text is 12-13px, so WCAG AA asks 4.5:1.
  it('"Online" reads with enough contrast (WCAG AA for small text)', () => {
    const online = rule(frame, '.connectivity--online .connectivity__status');
    expect(contrast(resolve(online.color!), resolve(online.background!))).toBeGreaterThanOrEqual(4.5);
  });

  it('every status pill reads with enough contrast', () => {
    const base = rule(leads, '.status-pill');
    const pills = {
      new: rule(leads, '.status-pill--new'),
      contacted: {},
      'appointment and sold': rule(leads, '.status-pill--appointment,\n.status-pill--sold'),
      lost: rule(leads, '.status-pill--lost'),
    };
    for (const [status, pill] of Object.entries(pills)) {
      const { color, background } = { ...base, ...pill };
      expect({ status, meetsAA: contrast(resolve(color!), resolve(background!)) >= 4.5 }).toEqual({ status, meetsAA: true });
    }
  });
});
