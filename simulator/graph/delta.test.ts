import { describe, expect, it } from 'vitest';
import { leadEml } from './testing/eml';
import { graph } from './testing/msal';
import { graphSimulatorSuite } from './testing/suite';

const leads = 'leads@sunsethonda.example';
const prefer = 'odata.maxpagesize=2, IdType="ImmutableId"';

const suite = graphSimulatorSuite(leads);

interface DeltaBody {
  value: ({ id: string; subject?: string; '@removed'?: { reason: string } } & Record<string, unknown>)[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

async function page(url: string, preferHeader = prefer): Promise<{ status: number; body: DeltaBody; headers: Headers }> {
  const res = await graph(suite.sim, suite.token, url, { prefer: preferHeader });
  return { status: res.status, body: (await res.json()) as DeltaBody, headers: res.headers };
}

/** Follows nextLinks to the deltaLink; returns every page's items and the deltaLink. */
async function round(start: string): Promise<{ pages: DeltaBody['value'][]; deltaLink: string }> {
  const pages: DeltaBody['value'][] = [];
  let url = start;
  for (;;) {
    const { status, body } = await page(url);
    expect(status).toBe(200);
    pages.push(body.value);
    if (body['@odata.deltaLink']) return { pages, deltaLink: body['@odata.deltaLink'] };
    url = body['@odata.nextLink']!;
  }
}

const start = '/me/mailFolders/inbox/messages/delta?$select=subject,receivedDateTime,internetMessageId';

describe('Graph delta on the inbox', () => {
  it('pages the initial round by odata.maxpagesize with nextLinks, then an incremental round has the new and the removed', async () => {
    const delivered = [];
    for (let i = 1; i <= 5; i++) delivered.push(await suite.sim.control.deliver(leads, leadEml(i)));
    const first = await page(start);
    expect(first.headers.get('preference-applied')).toContain('odata.maxpagesize=2');
    expect(first.body['@odata.nextLink']).toMatch(/\$skiptoken=/);
    expect(Object.keys(first.body.value[0]!).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'internetMessageId', 'receivedDateTime', 'subject']);
    const initial = await round(start);
    expect(initial.pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(initial.pages.flat().map((m) => m.id)).toEqual(delivered.map((d) => d.id)); // immutable ids
    expect(initial.deltaLink).toMatch(/\$deltatoken=/);

    const sixth = await suite.sim.control.deliver(leads, leadEml(6));
    suite.sim.control.deleteMessage(leads, delivered[0]!.id);
    const next = await round(initial.deltaLink);
    const items = next.pages.flat();
    expect(items).toHaveLength(2);
    expect(items).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: delivered[0]!.id, '@removed': { reason: 'deleted' } }),
      expect.objectContaining({ id: sixth.id, subject: 'New lead #6: 2025 Honda CR-V EX' }),
    ]));
    const quiet = await round(next.deltaLink);
    expect(quiet.pages.flat()).toEqual([]);
  });

  it('keeps mail that arrives while a round is paging for the next round (none lost, none early)', async () => {
    for (let i = 1; i <= 3; i++) await suite.sim.control.deliver(leads, leadEml(i));
    const first = await page(start);
    const late = await suite.sim.control.deliver(leads, leadEml(99));
    const rest = await round(first.body['@odata.nextLink']!);
    const initialIds = [...first.body.value, ...rest.pages.flat()].map((m) => m.id);
    expect(initialIds).toHaveLength(3);
    expect(initialIds).not.toContain(late.id);
    const next = await round(rest.deltaLink);
    expect(next.pages.flat().map((m) => m.id)).toEqual([late.id]);
  });

  it('replays an item across pages when asked (the same item may come twice)', async () => {
    suite.sim.control.setBehaviour({ replayAcrossPages: true });
    for (let i = 1; i <= 4; i++) await suite.sim.control.deliver(leads, leadEml(i));
    const { pages } = await round(start);
    const ids = pages.flat().map((m) => m.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids.length).toBeGreaterThan(4);
    expect(pages[1]![0]!.id).toBe(pages[0]![pages[0]!.length - 1]!.id);
  });

  it('answers 410 syncStateNotFound for an expired deltaLink and nextLink; a fresh round starts over', async () => {
    for (let i = 1; i <= 3; i++) await suite.sim.control.deliver(leads, leadEml(i));
    const first = await page(start);
    const { deltaLink } = await round(start);
    suite.sim.control.expireDeltaTokens(leads);
    for (const link of [deltaLink, first.body['@odata.nextLink']!]) {
      const gone = await page(link);
      expect(gone.status).toBe(410);
      expect(gone.body).toMatchObject({ error: { code: 'syncStateNotFound' } });
    }
    const again = await round(start);
    expect(again.pages.flat()).toHaveLength(3);
    suite.sim.control.expireDeltaTokens(leads, { status: 400, code: 'resyncRequired', message: 'Resync required.' });
    const bad = await page(again.deltaLink);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'resyncRequired' } });
  });

  it('filters the initial round on receivedDateTime ge, and refuses other filters on delta', async () => {
    await suite.sim.control.deliver(leads, leadEml(1), { receivedAt: new Date('2026-10-01T10:00:00Z') });
    const recent = await suite.sim.control.deliver(leads, leadEml(2), { receivedAt: new Date('2026-11-20T10:00:00Z') });
    const { pages, deltaLink } = await round(`${start}&$filter=receivedDateTime ge 2026-11-04T00:00:00Z`);
    expect(pages.flat().map((m) => m.id)).toEqual([recent.id]);
    const old = await suite.sim.control.deliver(leads, leadEml(3), { receivedAt: new Date('2026-10-02T10:00:00Z') });
    const fresh = await suite.sim.control.deliver(leads, leadEml(4), { receivedAt: new Date('2026-12-02T10:00:00Z') });
    const next = await round(deltaLink);
    expect(next.pages.flat().map((m) => m.id)).toEqual([fresh.id]);
    expect(next.pages.flat().map((m) => m.id)).not.toContain(old.id);
    const refused = await page(`${start}&$filter=subject eq 'x'`);
    expect(refused.status).toBe(400);
  });

  it('gives REST ids without Prefer IdType, immutable ids with it, and both open the message', async () => {
    const d = await suite.sim.control.deliver(leads, leadEml(1));
    const plain = await page(start, 'odata.maxpagesize=10');
    expect(plain.body.value[0]!.id).toBe(d.restId);
    const immutable = await page(start, 'odata.maxpagesize=10, IdType="ImmutableId"');
    expect(immutable.body.value[0]!.id).toBe(d.id);
    for (const id of [d.id, d.restId]) expect((await graph(suite.sim, suite.token, `/me/messages/${id}?$select=subject`)).status).toBe(200);
  });

  it('delivers 10,000 messages in one bulk control call and pages them all in a delta round of 1000-item pages', async () => {
    const messages = Array.from({ length: 10_000 }, (_, i) => ({ eml: leadEml(i), receivedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString() }));
    const t0 = performance.now();
    const res = await fetch(`${suite.sim.origin}/_control/graph/mailboxes/${encodeURIComponent(leads)}/messages`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ messages }),
    });
    const delivered = (await res.json()) as { id: string }[];
    const t1 = performance.now();
    expect(delivered).toHaveLength(10_000);
    const ids: string[] = [];
    let url: string | undefined = '/me/mailFolders/inbox/messages/delta?$select=internetMessageId';
    let pages = 0;
    while (url) {
      const { body } = await page(url, 'odata.maxpagesize=1000, IdType="ImmutableId"');
      ids.push(...body.value.map((m) => m.id));
      pages += 1;
      url = body['@odata.nextLink'];
    }
    const t2 = performance.now();
    expect(pages).toBe(10);
    expect(new Set(ids)).toEqual(new Set(delivered.map((d) => d.id)));
    console.log(`bulk delivery of 10,000: ${Math.round(t1 - t0)} ms; delta round over 10 pages: ${Math.round(t2 - t1)} ms`);
  });
});
