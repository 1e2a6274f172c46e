import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../server';
import { control, deliver, failure, leadEmail, linkMailbox, newMailbox } from './test-support';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const mailboxPath = (email: string) => `/mailboxes/${encodeURIComponent(email)}`;
const day = 86_400_000;

describe('Gmail API subset with the real googleapis client', () => {
  it('lists the inbox newest first in pages, and gets messages raw, full and metadata', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    const now = Date.now();
    const old = await deliver(sim, email, leadEmail('Old lead'), now - 3 * day);
    const middle = await deliver(sim, email, leadEmail('Middle lead', { messageId: '<middle-1@mail.example.net>' }), now - 2 * day);
    const newest = await deliver(sim, email, leadEmail('Newest lead'), now - day);

    const first = await gmail.users.messages.list({ userId: 'me', labelIds: ['INBOX'], maxResults: 2 });
    expect(first.data.messages?.map((m) => m.id)).toEqual([newest.id, middle.id]);
    expect(first.data.resultSizeEstimate).toBe(3);
    expect(first.data.nextPageToken).toBeTruthy();
    const second = await gmail.users.messages.list({ userId: 'me', labelIds: ['INBOX'], maxResults: 2, pageToken: first.data.nextPageToken! });
    expect(second.data.messages?.map((m) => m.id)).toEqual([old.id]);
    expect(second.data.nextPageToken).toBeUndefined();

    const raw = await gmail.users.messages.get({ userId: 'me', id: middle.id, format: 'raw' });
    expect(Buffer.from(raw.data.raw!, 'base64url').toString('utf8')).toBe(leadEmail('Middle lead', { messageId: '<middle-1@mail.example.net>' }));
    expect(raw.data).toMatchObject({ threadId: middle.threadId, labelIds: ['INBOX'], historyId: middle.historyId, internalDate: String(now - 2 * day) });
    expect(raw.data.snippet).toContain('Civic Sport');

    const full = await gmail.users.messages.get({ userId: 'me', id: middle.id, format: 'full' });
    expect(full.data.payload?.headers).toContainEqual({ name: 'Subject', value: 'Middle lead' });
    expect(Buffer.from(full.data.payload!.body!.data!, 'base64url').toString('utf8')).toContain('555-0142');
    const metadata = await gmail.users.messages.get({ userId: 'me', id: middle.id, format: 'metadata', metadataHeaders: ['Subject', 'Message-ID'] });
    expect(metadata.data.payload?.headers?.map((h) => h.name)).toEqual(['Subject', 'Message-ID']);
    expect(await failure(gmail.users.messages.get({ userId: 'me', id: 'ffffffffffffffff' }))).toMatchObject({ status: 404, reason: 'notFound' });
  });

  it('searches with after:, in: and rfc822msgid:', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    const now = Date.now();
    await deliver(sim, email, leadEmail('Last month'), now - 30 * day);
    const recent = await deliver(sim, email, leadEmail('Yesterday', { messageId: '<find-me@mail.example.net>' }), now - day);
    const ids = async (q: string) => (await gmail.users.messages.list({ userId: 'me', q })).data.messages?.map((m) => m.id) ?? [];
    expect(await ids(`after:${Math.floor((now - 7 * day) / 1000)}`)).toEqual([recent.id]);
    const weekAgo = new Date(now - 7 * day);
    expect(await ids(`in:inbox after:${weekAgo.getUTCFullYear()}/${weekAgo.getUTCMonth() + 1}/${weekAgo.getUTCDate()}`)).toEqual([recent.id]);
    expect(await ids('rfc822msgid:<find-me@mail.example.net>')).toEqual([recent.id]);
    expect(await ids('rfc822msgid:find-me@mail.example.net')).toEqual([recent.id]);
    expect(await ids('in:sent')).toEqual([]);
    expect(await failure(gmail.users.messages.list({ userId: 'me', q: 'from:someone' }))).toMatchObject({ status: 400 });
  });

  it('history.list after a delivery gives messageAdded records, in pages, after the profile historyId', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    await deliver(sim, email, leadEmail('Already synced'));
    const start = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    const a = await deliver(sim, email, leadEmail('Lead A'));
    const b = await deliver(sim, email, leadEmail('Lead B'));
    const c = await deliver(sim, email, leadEmail('Lead C'));
    const page1 = await gmail.users.history.list({ userId: 'me', startHistoryId: start, historyTypes: ['messageAdded'], labelId: 'INBOX', maxResults: 2 });
    expect(page1.data.history?.map((h) => h.messagesAdded?.[0]?.message?.id)).toEqual([a.id, b.id]);
    expect(page1.data.history?.[0]?.messagesAdded?.[0]?.message?.labelIds).toEqual(['INBOX']);
    expect(Number(page1.data.historyId)).toBe(Number(c.historyId));
    const page2 = await gmail.users.history.list({ userId: 'me', startHistoryId: start, historyTypes: ['messageAdded'], labelId: 'INBOX', pageToken: page1.data.nextPageToken! });
    expect(page2.data.history?.map((h) => h.messagesAdded?.[0]?.message?.id)).toEqual([c.id]);
    expect(page2.data.nextPageToken).toBeUndefined();
    const ids = [start, a.historyId, b.historyId, c.historyId].map(Number);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const none = await gmail.users.history.list({ userId: 'me', startHistoryId: c.historyId });
    expect(none.data.history).toBeUndefined();
  });

  it('history.list answers 404 for a startHistoryId older than the retained window; a fresh profile historyId works', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    const start = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    await deliver(sim, email, leadEmail('Before expiry'));
    await control(sim, `${mailboxPath(email)}/expire-history`, {});
    const gone = await failure(gmail.users.history.list({ userId: 'me', startHistoryId: start }));
    expect(gone).toMatchObject({ status: 404, reason: 'notFound' });
    const fresh = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    const after = await deliver(sim, email, leadEmail('After expiry'));
    const history = await gmail.users.history.list({ userId: 'me', startHistoryId: fresh, historyTypes: ['messageAdded'] });
    expect(history.data.history?.map((h) => h.messages?.[0]?.id)).toEqual([after.id]);
  });

  it('throttles the next calls with 429 rateLimitExceeded and Retry-After, or 403 userRateLimitExceeded; fails the next with a 5xx', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    await control(sim, `${mailboxPath(email)}/throttle`, { count: 1, retryAfterSeconds: 7 });
    const throttled = await failure(gmail.users.getProfile({ userId: 'me' }, { retry: false }));
    expect(throttled).toMatchObject({ status: 429, reason: 'rateLimitExceeded', retryAfter: '7' });
    await control(sim, `${mailboxPath(email)}/throttle`, { count: 1, status: 403 });
    expect(await failure(gmail.users.getProfile({ userId: 'me' }, { retry: false }))).toMatchObject({ status: 403, reason: 'userRateLimitExceeded', retryAfter: null });
    await control(sim, `${mailboxPath(email)}/fail`, { count: 1, status: 503 });
    expect(await failure(gmail.users.getProfile({ userId: 'me' }, { retry: false }))).toMatchObject({ status: 503, reason: 'backendError' });
    expect((await gmail.users.getProfile({ userId: 'me' }, { retry: false })).data.emailAddress).toBe(email);
  });

  it('counts quota units per method and refuses a call past the per-minute budget', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    const { id } = await deliver(sim, email, leadEmail('Quota'));
    await control(sim, `${mailboxPath(email)}/limits`, { quotaUnitsPerMinute: 20 }, 'PUT');
    const start = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!; // 1
    await gmail.users.messages.list({ userId: 'me' }); // 5
    await gmail.users.messages.get({ userId: 'me', id, format: 'raw' }); // 5
    await gmail.users.history.list({ userId: 'me', startHistoryId: start }); // 2
    const units = async () => (await control<{ quota: { unitsTotal: number; unitsLastMinute: number } }>(sim, mailboxPath(email))).quota;
    expect(await units()).toEqual(expect.objectContaining({ unitsTotal: 13, unitsLastMinute: 13 }));
    await gmail.users.messages.list({ userId: 'me' }); // 18
    const over = await failure(gmail.users.messages.get({ userId: 'me', id }, { retry: false })); // would be 23
    expect(over).toMatchObject({ status: 429, reason: 'rateLimitExceeded' });
    expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(over.retryAfter)).toBeLessThanOrEqual(60);
    expect((await units()).unitsTotal).toBe(18);
    await control(sim, `${mailboxPath(email)}/limits`, { quotaStatus: 403 }, 'PUT');
    expect(await failure(gmail.users.messages.get({ userId: 'me', id }, { retry: false }))).toMatchObject({ status: 403, reason: 'userRateLimitExceeded' });
    expect((await gmail.users.getProfile({ userId: 'me' })).status).toBe(200); // 1 unit still fits
  });

  it('refuses requests past the per-user concurrency limit with 429 "Too many concurrent requests for user"', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    await control(sim, `${mailboxPath(email)}/limits`, { maxConcurrent: 2, latencyMs: 1000 }, 'PUT');
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => gmail.users.getProfile({ userId: 'me' }, { retry: false })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => failure(Promise.reject(r.reason as Error))));
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r).toMatchObject({ status: 429, reason: 'rateLimitExceeded', message: 'Too many concurrent requests for user.' });
  });

  it('send puts the reply in SENT in the lead thread with a Message-ID, and history shows it', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    const lead = await deliver(sim, email, leadEmail('2026 Civic Sport', { messageId: '<lead-7@mail.example.net>', to: email }));
    const start = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    const reply = [
      `From: ${email}`, 'To: jordan.buyer@example.net', 'Subject: Re: 2026 Civic Sport',
      'In-Reply-To: <lead-7@mail.example.net>', 'References: <lead-7@mail.example.net>', 'X-LeadPulse-Outbox-Id: out-42',
      'Content-Type: text/plain; charset=utf-8', '', 'Yes, it is here. When can you come by?', '',
    ].join('\r\n');
    const sent = await gmail.users.messages.send({ userId: 'me', requestBody: { raw: Buffer.from(reply).toString('base64url'), threadId: lead.threadId } });
    expect(sent.data).toMatchObject({ threadId: lead.threadId, labelIds: ['SENT'] });
    const inSent = await gmail.users.messages.list({ userId: 'me', labelIds: ['SENT'] });
    expect(inSent.data.messages?.map((m) => m.id)).toEqual([sent.data.id]);
    const raw = Buffer.from((await gmail.users.messages.get({ userId: 'me', id: sent.data.id!, format: 'raw' })).data.raw!, 'base64url').toString('utf8');
    const messageId = /^Message-ID: (<[^>]+>)/m.exec(raw)?.[1];
    expect(messageId).toMatch(/@mail\.gmail\.com>$/);
    expect(raw).toContain('X-LeadPulse-Outbox-Id: out-42');
    expect((await gmail.users.messages.list({ userId: 'me', q: `rfc822msgid:${messageId}` })).data.messages?.map((m) => m.id)).toEqual([sent.data.id]);
    const history = await gmail.users.history.list({ userId: 'me', startHistoryId: start, labelId: 'SENT', historyTypes: ['messageAdded'] });
    expect(history.data.history?.map((h) => h.messagesAdded?.[0]?.message?.labelIds)).toEqual([['SENT']]);
    const inbox = await gmail.users.history.list({ userId: 'me', startHistoryId: start, labelId: 'INBOX' });
    expect(inbox.data.history).toBeUndefined();

    const answer = await deliver(sim, email, leadEmail('Re: 2026 Civic Sport', { to: email, body: 'Saturday works.' }).replace('Subject:', `In-Reply-To: ${messageId}\r\nSubject:`));
    expect(answer.threadId).toBe(lead.threadId);
    const otherSubject = await gmail.users.messages.send({
      userId: 'me', requestBody: { raw: Buffer.from('To: jordan.buyer@example.net\r\nSubject: Something else\r\n\r\nHi\r\n').toString('base64url'), threadId: lead.threadId },
    });
    expect(otherSubject.data.threadId).not.toBe(lead.threadId);
  });

  it('keeps a client-set Message-ID on send, or replaces it when told to', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    const raw = (id: string) => Buffer.from(`To: a@example.net\r\nSubject: Hi\r\nMessage-ID: ${id}\r\n\r\nHello\r\n`).toString('base64url');
    await gmail.users.messages.send({ userId: 'me', requestBody: { raw: raw('<ours-1@leadpulse.example>') } });
    expect((await gmail.users.messages.list({ userId: 'me', q: 'rfc822msgid:<ours-1@leadpulse.example>' })).data.resultSizeEstimate).toBe(1);
    await control(sim, '/settings', { replaceMessageId: true }, 'PUT');
    try {
      await gmail.users.messages.send({ userId: 'me', requestBody: { raw: raw('<ours-2@leadpulse.example>') } });
      expect((await gmail.users.messages.list({ userId: 'me', q: 'rfc822msgid:<ours-2@leadpulse.example>' })).data.resultSizeEstimate).toBe(0);
      expect((await gmail.users.messages.list({ userId: 'me', labelIds: ['SENT'] })).data.resultSizeEstimate).toBe(2);
    } finally {
      await control(sim, '/settings', { replaceMessageId: false }, 'PUT');
    }
    expect(await failure(gmail.users.messages.send({ userId: 'me', requestBody: { raw: Buffer.from('Subject: nobody\r\n\r\nx').toString('base64url') } }))).toMatchObject({ status: 400 });
  });

  it('takes a bulk delivery; pages hold at most 500; replies join their thread by References', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    const start = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    const now = Date.now();
    const raws = Array.from({ length: 1200 }, (_, i) => ({ raw: leadEmail(`Lead ${i}`, { messageId: `<bulk-${i}@mail.example.net>` }), internalDate: now - i * 60_000 }));
    raws.push({ raw: leadEmail('Re: Lead 7').replace('Subject:', 'References: <other@x.example> <bulk-7@mail.example.net>\r\nSubject:'), internalDate: now + 1000 });
    const { messages } = await control<{ messages: { id: string; threadId: string }[] }>(sim, `${mailboxPath(email)}/messages`, { messages: raws });
    expect(messages).toHaveLength(1201);
    expect(messages[1200]!.threadId).toBe(messages[7]!.threadId);
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await gmail.users.messages.list({ userId: 'me', labelIds: ['INBOX'], maxResults: 1000, ...(pageToken ? { pageToken } : {}) });
      expect(page.data.messages!.length).toBeLessThanOrEqual(500);
      seen.push(...page.data.messages!.map((m) => m.id!));
      pageToken = page.data.nextPageToken ?? undefined;
      pages += 1;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(1201);
    const history = await gmail.users.history.list({ userId: 'me', startHistoryId: start, maxResults: 1000 });
    expect(history.data.history).toHaveLength(500);
    expect(await failure(fetch(`${sim.gmail.controlUrl}${mailboxPath(email)}/messages`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ messages: [{ raw: 'Subject: ok\r\n\r\nx' }, { label: 'SPAM' }] }),
    }).then((r) => (r.ok ? r : Promise.reject(Object.assign(new Error('refused'), { status: r.status })))))).toMatchObject({ status: 400 });
    expect((await control<{ messages: number }>(sim, mailboxPath(email))).messages).toBe(1201);
  });

  it('labels INBOX and SENT', async () => {
    const email = await newMailbox(sim);
    const { gmail } = await linkMailbox(sim, email);
    await deliver(sim, email, leadEmail('Count me'));
    expect((await gmail.users.labels.list({ userId: 'me' })).data.labels?.map((l) => l.id)).toEqual(['INBOX', 'SENT']);
    expect((await gmail.users.labels.get({ userId: 'me', id: 'INBOX' })).data).toMatchObject({ id: 'INBOX', type: 'system', messagesTotal: 1 });
  });

  it('logs method, path, time, mailbox and status of every provider call, without queries or bodies', async () => {
    const email = await newMailbox(sim);
    const before = Date.now();
    const { gmail } = await linkMailbox(sim, email);
    await gmail.users.messages.list({ userId: 'me', q: 'rfc822msgid:<secret-lead@mail.example.net>' });
    const { requests } = await control<{ requests: { method: string; path: string; time: string; mailbox: string; status: number }[] }>(sim, `/requests?mailbox=${encodeURIComponent(email)}`);
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/gmail-oauth/token', 200],
      ['GET', '/gmail/v1/users/me/messages', 200],
    ]);
    for (const r of requests) {
      expect(r.mailbox).toBe(email);
      expect(Date.parse(r.time)).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(JSON.stringify(requests)).not.toContain('secret-lead');
    const later = new Date(Date.now() + 1000).toISOString();
    expect((await control<{ requests: unknown[] }>(sim, `/requests?mailbox=${encodeURIComponent(email)}&since=${encodeURIComponent(later)}`)).requests).toEqual([]);
  });
});
