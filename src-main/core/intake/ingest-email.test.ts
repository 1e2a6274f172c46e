import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerKeysOf } from '../deletion/customer-keys';
import { createMemoryLogger } from '../log/logger';
import { openLeadStoreFile, type LeadStore } from '../store/index';
import { ingestEmail } from './ingest-email';

const demo = path.resolve(import.meta.dirname, '../../../resources/demo/emails');
const email = (name: string) => readFileSync(path.join(demo, name));

let dir: string;
let store: LeadStore;
let accountId: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lp-intake-'));
  store = openLeadStoreFile({ file: path.join(dir, 'leads.db'), key: randomBytes(32), log: createMemoryLogger() });
  accountId = store.mailboxes.add({ provider: 'simulator', address: 'sales@sunsethonda.example', displayName: 'Sales' }, 'test').id;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingestEmail: parsed lead emails land in the store', () => {
  it('stores an ADF lead with its parsed fields, source, original text and raw ADF', async () => {
    const outcome = await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'm1', receivedAt: Date.parse('2026-03-02T14:06:00Z') });
    expect(outcome).toMatchObject({ kind: 'leads', created: 1 });
    const id = outcome.kind === 'leads' ? outcome.leadIds[0]! : '';
    const detail = store.leads.detail(id);
    expect(detail).toMatchObject({
      customerName: 'Maria Lopez',
      email: 'maria.lopez@example.com',
      phone: '+15125550142',
      sourceFormat: 'adf',
      sourceConfidence: 0.95,
      commentsUntrusted: true,
    });
    expect(detail?.messages[0]?.bodyText).toContain('Maria');
    expect(detail?.messages[0]?.rawAdf).toMatch(/<adf>/i);
    expect(store.leads.search('Lopez').leads.map((l) => l.id)).toContain(id);
  });

  it('is idempotent per mailbox message', async () => {
    const ref = { providerMessageId: 'same', receivedAt: Date.now() };
    await ingestEmail(store, accountId, email('marketplace-html.eml'), ref);
    const again = await ingestEmail(store, accountId, email('marketplace-html.eml'), ref);
    expect(again).toMatchObject({ kind: 'leads', created: 0 });
    expect(store.leads.listInbox({}).leads).toHaveLength(1);
  });

  it('stores nothing for auto-replies, and suppresses a customer who wrote STOP', async () => {
    expect(await ingestEmail(store, accountId, email('auto-reply.eml'), { providerMessageId: 'a', receivedAt: Date.now() }))
      .toEqual({ kind: 'not-a-lead', reason: 'auto-reply' });
    const stop = await ingestEmail(store, accountId, email('nl-07-reply-optout-stop.eml'), { providerMessageId: 'b', receivedAt: Date.now() });
    expect(stop.kind).toBe('reply');
    expect(store.leads.listInbox({}).leads).toHaveLength(0);
    const optedOut = /^From:.*?([\w.+-]+@[\w.-]+)/m.exec(email('nl-07-reply-optout-stop.eml').toString('latin1'))?.[1] ?? '';
    expect(store.suppression.has(optedOut.toLowerCase())).toBe(true);
  });

  it('turns several ADF prospects in one email into several leads', async () => {
    const outcome = await ingestEmail(store, accountId, email('adf-08-multiple-prospects.eml'), { providerMessageId: 'multi', receivedAt: Date.now() });
    expect(outcome.kind === 'leads' && outcome.leadIds.length).toBeGreaterThan(1);
  });
});

/** A small website/marketplace lead email in the "Label: value" shape every provider uses. */
function leadEmail(o: { messageId: string; from: string; subject: string; name: string; email: string; phone: string; vehicle: string; vin: string; date: string; leadId?: string }): Uint8Array {
  return Buffer.from([
    `From: ${o.from}`,
    'To: sales@sunsethonda.example',
    `Subject: ${o.subject}`,
    `Message-ID: ${o.messageId}`,
    `Date: ${o.date}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'New vehicle inquiry',
    ...(o.leadId ? [`Lead ID: ${o.leadId}`] : []),
    `Name: ${o.name}`,
    `Email: ${o.email}`,
    `Phone: ${o.phone}`,
    `Vehicle: ${o.vehicle}`,
    `VIN: ${o.vin}`,
    'Comments: Is it still available?',
    '',
  ].join('\r\n'));
}

const base = {
  name: 'Priya Shah', email: 'priya.shah@example.com', phone: '(512) 555-0199',
  vehicle: '2024 Honda Accord EX-L', vin: '1HGCY1F38RA000777', subject: 'New lead from Cars.com',
  from: 'Cars.com <leads@cars.com>', date: 'Mon, 02 Mar 2026 10:00:00 -0600',
};

describe('ingestEmail: the same inquiry twice is one lead with two sources', () => {
  it('merges the same customer and vehicle from two sources within 24 hours', async () => {
    const first = await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<a1@cars.com>' }), { providerMessageId: 'p1', receivedAt: Date.parse('2026-03-02T16:00:00Z') });
    const second = await ingestEmail(store, accountId, leadEmail({
      ...base, messageId: '<b7@autotrader.com>', from: 'Autotrader <leads@autotrader.com>', subject: 'New lead from Autotrader', date: 'Mon, 02 Mar 2026 13:30:00 -0600',
    }), { providerMessageId: 'p2', receivedAt: Date.parse('2026-03-02T19:30:00Z') });
    expect(first).toMatchObject({ kind: 'leads', created: 1 });
    expect(second).toMatchObject({ kind: 'leads', created: 0, merged: 1 });
    expect(store.leads.listInbox({}).leads).toHaveLength(1);
    const detail = store.leads.detail(first.kind === 'leads' ? first.leadIds[0]! : '');
    expect(detail?.sources.map((s) => s.matchedOn)).toEqual(['first', 'customer-vehicle-24h']);
    expect(detail?.messages).toHaveLength(2);
  });

  it('merges a repeat of the same Message-ID and of the same provider lead id', async () => {
    await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<same@cars.com>', leadId: 'CC-1' }), { providerMessageId: 'x1', receivedAt: Date.now() });
    const copy = await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<same@cars.com>', leadId: 'CC-1' }), { providerMessageId: 'x2', receivedAt: Date.now() });
    const resend = await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<resend@cars.com>', leadId: 'CC-1', email: 'other@example.com', phone: '(512) 555-0100', date: 'Fri, 06 Mar 2026 10:00:00 -0600' }), { providerMessageId: 'x3', receivedAt: Date.now() });
    expect(copy).toMatchObject({ merged: 1 });
    expect(resend).toMatchObject({ merged: 1 });
    const [lead] = store.leads.listInbox({}).leads;
    expect(store.leads.listInbox({}).leads).toHaveLength(1);
    expect(store.leads.detail(lead!.id)?.sources.map((s) => s.matchedOn)).toEqual(['first', 'message-id', 'provider-external-id']);
  });

  it('keeps different vehicles, and the same one days apart, as separate leads', async () => {
    await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<v1@cars.com>' }), { providerMessageId: 'v1', receivedAt: Date.now() });
    await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<v2@cars.com>', vehicle: '2025 Honda Pilot', vin: '5FNYG1H40SB000001' }), { providerMessageId: 'v2', receivedAt: Date.now() });
    await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<v3@cars.com>', date: 'Fri, 06 Mar 2026 10:00:00 -0600' }), { providerMessageId: 'v3', receivedAt: Date.now() });
    expect(store.leads.listInbox({}).leads).toHaveLength(3);
  });

  it('attaches a customer reply to the thread of its lead instead of making a new lead', async () => {
    const lead = await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<orig@cars.com>' }), { providerMessageId: 'o1', receivedAt: Date.now() });
    const reply = Buffer.from([
      'From: Priya Shah <priya.shah@example.com>', 'To: sales@sunsethonda.example', 'Subject: Re: New lead from Cars.com',
      'Message-ID: <reply1@example.com>', 'In-Reply-To: <orig@cars.com>', 'References: <orig@cars.com>', 'Date: Mon, 02 Mar 2026 11:00:00 -0600',
      'Content-Type: text/plain; charset=utf-8', '', 'Thanks, can I come Saturday?', '',
    ].join('\r\n'));
    const outcome = await ingestEmail(store, accountId, reply, { providerMessageId: 'r1', receivedAt: Date.now() });
    const leadId = lead.kind === 'leads' ? lead.leadIds[0]! : '';
    expect(outcome).toEqual({ kind: 'reply', leadId });
    expect(store.leads.listInbox({}).leads).toHaveLength(1);
    expect(store.leads.detail(leadId)?.messages.map((m) => m.bodyText).join('\n')).toContain('come Saturday');
    // The same reply delivered again (another folder or linked mailbox) is not a second message.
    expect(await ingestEmail(store, accountId, reply, { providerMessageId: 'r1-copy', receivedAt: Date.now() })).toEqual({ kind: 'reply', leadId });
    expect(store.leads.detail(leadId)?.messages.filter((m) => m.bodyText.includes('come Saturday'))).toHaveLength(1);
  });
});

describe('ingestEmail: a customer reply no lead here owns is kept as a new lead', () => {
  const replyTo = (o: { answers: string; from?: string; messageId?: string; headers?: string[] }) => Buffer.from([
    `From: ${o.from ?? 'Priya Shah <priya.shah@example.com>'}`, 'To: sales@sunsethonda.example', 'Subject: Re: Your 2025 Honda CR-V',
    `Message-ID: ${o.messageId ?? '<reply9@example.com>'}`, `In-Reply-To: ${o.answers}`, `References: ${o.answers}`,
    'Date: Mon, 09 Mar 2026 11:00:00 -0600', ...(o.headers ?? []),
    'Content-Type: text/plain; charset=utf-8', '', 'Is the CR-V still available? I can come in Saturday.', '',
  ].join('\r\n'));
  const keptAsLead = (outcome: Awaited<ReturnType<typeof ingestEmail>>) => {
    expect(outcome).toMatchObject({ kind: 'leads', created: 1, merged: 0, withheld: 0 });
    return store.leads.detail(outcome.kind === 'leads' ? outcome.leadIds[0]! : '')!;
  };

  it('stores a reply to a conversation never synced here, from its structured sender, labelled as a customer reply', async () => {
    const detail = keptAsLead(await ingestEmail(store, accountId, replyTo({ answers: '<never-synced@sunsethonda.example>' }), { providerMessageId: 'r9', receivedAt: Date.now() }));
    expect(detail).toMatchObject({
      customerName: 'Priya Shah', email: 'priya.shah@example.com', sourceFormat: 'unknown', sourceProvider: 'Customer reply', commentsUntrusted: true,
    });
    expect(detail.sourceConfidence).toBeLessThan(0.5);
    expect(detail.sources).toMatchObject([{ provider: 'Customer reply', matchedOn: 'first' }]);
    expect(detail.messages.map((m) => [m.fromAddress, m.bodyText])).toEqual([['priya.shah@example.com', expect.stringContaining('still available')]]);
    // Synced again: the same lead, not a second one.
    expect(await ingestEmail(store, accountId, replyTo({ answers: '<never-synced@sunsethonda.example>' }), { providerMessageId: 'r9', receivedAt: Date.now() }))
      .toEqual({ kind: 'reply', leadId: detail.id });
    expect(store.leads.listInbox({}).leads).toHaveLength(1);
  });

  it('stores a reply to a lead removed with its mailbox', async () => {
    await ingestEmail(store, accountId, leadEmail({ ...base, messageId: '<orig@cars.com>' }), { providerMessageId: 'o1', receivedAt: Date.now() });
    store.mailboxes.remove(accountId, 'test');
    const other = store.mailboxes.add({ provider: 'simulator', address: 'bdc@sunsethonda.example', displayName: 'BDC' }, 'test').id;
    const detail = keptAsLead(await ingestEmail(store, other, replyTo({ answers: '<orig@cars.com>' }), { providerMessageId: 'r1', receivedAt: Date.now() }));
    expect(detail).toMatchObject({ email: 'priya.shah@example.com', sourceProvider: 'Customer reply', mailboxAddress: 'bdc@sunsethonda.example' });
  });

  it('stores a reply of a customer deleted on request who wrote again after the deletion; not one from before it', async () => {
    const salt = randomBytes(32);
    const deletedAt = Date.parse('2026-03-05T12:00:00Z');
    await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria', receivedAt: Date.parse('2026-03-02T14:06:00Z') });
    store.purges.apply({
      dealershipId: 'd1', customerKeySalt: salt,
      instructions: [{ instructionId: '1', customerKeys: customerKeysOf(salt, { email: 'maria.lopez@example.com', phone: '+1 512 555 0142' }), deletedAt }],
    });
    expect(store.leads.listInbox({}).leads).toEqual([]);
    expect(await ingestEmail(store, accountId, email('customer-reply.eml'), { providerMessageId: 'old', receivedAt: deletedAt }))
      .toEqual({ kind: 'withheld', reason: 'customer-deleted', count: 1 });
    const detail = keptAsLead(await ingestEmail(store, accountId, email('customer-reply.eml'), { providerMessageId: 'new', receivedAt: deletedAt + 60_000 }));
    expect(detail).toMatchObject({ customerName: 'Maria Lopez', email: 'maria.lopez@example.com', sourceProvider: 'Customer reply' });
    expect(store.leads.listInbox({}).leads).toHaveLength(1);
  });

  it('makes no lead for an opted-out sender, an auto-reply, a bounce, machine mail or the dealership itself', async () => {
    const at = Date.now();
    store.suppression.add('priya.shah@example.com', 'opt-out', null);
    expect(await ingestEmail(store, accountId, replyTo({ answers: '<x1@x>' }), { providerMessageId: 's', receivedAt: at })).toEqual({ kind: 'reply', leadId: null });
    const from = 'Dan Wu <dan.wu@example.com>';
    expect(await ingestEmail(store, accountId, replyTo({ answers: '<x2@x>', from, headers: ['Auto-Submitted: auto-replied'] }), { providerMessageId: 'a', receivedAt: at }))
      .toEqual({ kind: 'not-a-lead', reason: 'auto-reply' });
    expect(await ingestEmail(store, accountId, replyTo({ answers: '<x3@x>', from: 'MAILER-DAEMON@mx.example.com' }), { providerMessageId: 'b', receivedAt: at }))
      .toEqual({ kind: 'not-a-lead', reason: 'bounce' });
    expect(await ingestEmail(store, accountId, replyTo({ answers: '<x4@x>', from, headers: ['Auto-Submitted: auto-generated'] }), { providerMessageId: 'g', receivedAt: at }))
      .toEqual({ kind: 'reply', leadId: null });
    expect(await ingestEmail(store, accountId, replyTo({ answers: '<x5@x>', from, headers: ['List-Id: <owners.example.com>'] }), { providerMessageId: 'l', receivedAt: at }))
      .toEqual({ kind: 'reply', leadId: null });
    expect(await ingestEmail(store, accountId, replyTo({ answers: '<x6@x>', from: 'Rep <rep@sunsethonda.example>' }), { providerMessageId: 'o', receivedAt: at }, { ownDomains: ['sunsethonda.example'] }))
      .toEqual({ kind: 'reply', leadId: null });
    expect(store.leads.listInbox({}).leads).toEqual([]);
  });
});

const corpus = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../leads/corpus', name));

describe('ingestEmail: the sender is the structured From, whatever its display name holds', () => {
  it('stores the real sender of each message and dedupes them as one customer', async () => {
    const files = ['dx-05-sender-comma-quoted-name.eml', 'dx-06-sender-encoded-word-angle-brackets.eml', 'dx-07-sender-comment-with-address.eml'];
    const outcomes = [];
    for (const [i, f] of files.entries()) {
      outcomes.push(await ingestEmail(store, accountId, corpus(f), { providerMessageId: f, receivedAt: Date.parse('2026-03-02T18:00:00Z') + i }));
    }
    expect(outcomes.map((o) => (o.kind === 'leads' ? [o.created, o.merged] : o.kind))).toEqual([[1, 0], [0, 1], [0, 1]]);
    const leads = store.leads.listInbox({}).leads;
    expect(leads.map((l) => l.customerName)).toEqual(['Jordan Kim']);
    const detail = store.leads.detail(leads[0]!.id);
    // Names that hold an address are not shown as the sender's name.
    expect(detail?.messages.map((m) => [m.fromAddress, m.fromName])).toEqual([
      ['jordan.kim@example.com', 'Kim, Jordan'],
      ['jordan.kim@example.com', null],
      ['jordan.kim@example.com', null],
    ]);
  });

  it("attaches a reply under its real sender and suppresses that address, not the one in the name", async () => {
    const lead = await ingestEmail(store, accountId, leadEmail({
      ...base, messageId: '<lp-0013@sunsethonda.example>', name: 'Rosa Diaz', email: 'rosa.diaz@example.com', vehicle: '2022 Kia Telluride', vin: '5XYP5DHC0NG000013',
    }), { providerMessageId: 'rosa', receivedAt: Date.now() });
    const leadId = lead.kind === 'leads' ? lead.leadIds[0]! : '';
    expect(await ingestEmail(store, accountId, corpus('nl-13-reply-optout-sender-name-with-address.eml'), { providerMessageId: 'rosa-reply', receivedAt: Date.now() }))
      .toEqual({ kind: 'reply', leadId });
    expect(store.leads.detail(leadId)?.messages.map((m) => m.fromAddress)).toEqual(['leads@cars.com', 'rosa.diaz@example.com']);
    expect(store.suppression.has('rosa.diaz@example.com')).toBe(true);
    expect(store.suppression.has('rosa@other.example')).toBe(false);
  });
});

describe('ingestEmail: a customer deleted on request does not come back', () => {
  // Maria Lopez's ADF lead (adf-inline.eml) and her reply (customer-reply.eml); Sam Patel is someone else.
  const salt = randomBytes(32);
  const MARIA = { email: 'maria.lopez@example.com', phone: '+1 512 555 0142' };
  const DELETED_AT = Date.parse('2026-03-05T12:00:00Z');
  const deleteMaria = (instructionId = '1') =>
    store.purges.apply({
      dealershipId: 'd1',
      customerKeySalt: salt,
      instructions: [{ instructionId, customerKeys: customerKeysOf(salt, MARIA), deletedAt: DELETED_AT }],
    });
  const names = () => store.leads.listInbox({}).leads.map((l) => l.customerName).sort();

  it('stores nothing when the purge is applied while the email is still being parsed', async () => {
    const ingesting = ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria', receivedAt: Date.parse('2026-03-02T14:06:00Z') });
    // The parse is awaited: PurgeSync gets the store in between.
    expect(deleteMaria()).toMatchObject([{ alreadyApplied: false, leadsRemoved: 0 }]);
    expect(await ingesting).toEqual({ kind: 'withheld', reason: 'customer-deleted', count: 1 });
    expect(store.leads.listInbox({}).leads).toEqual([]);
    expect(store.leads.search('Lopez').leads).toEqual([]);
  });

  it('does not store her mail received before the deletion but synced after it: lead, repeat, reply', async () => {
    await ingestEmail(store, accountId, email('marketplace-html.eml'), { providerMessageId: 'sam', receivedAt: Date.parse('2026-03-02T15:00:00Z') });
    await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria', receivedAt: Date.parse('2026-03-02T14:06:00Z') });
    deleteMaria();
    expect(names()).toEqual(['Sam Patel']);

    // Another mailbox (or a re-sync) delivers her lead and her reply late.
    expect(await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria-late', receivedAt: Date.parse('2026-03-02T14:06:00Z') }))
      .toEqual({ kind: 'withheld', reason: 'customer-deleted', count: 1 });
    expect(await ingestEmail(store, accountId, email('customer-reply.eml'), { providerMessageId: 'maria-reply', receivedAt: Date.parse('2026-03-04T17:21:40Z') }))
      .toEqual({ kind: 'withheld', reason: 'customer-deleted', count: 1 });
    // Received exactly at the deletion time: covered by it.
    expect(await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria-same-time', receivedAt: DELETED_AT }))
      .toMatchObject({ kind: 'withheld' });
    expect(names()).toEqual(['Sam Patel']);
    expect(store.leads.search('Lopez').leads).toEqual([]);
    expect(store.leads.search('washed').leads).toEqual([]);
  });

  it('stores her new inquiry received after the deletion as a new lead', async () => {
    await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria', receivedAt: Date.parse('2026-03-02T14:06:00Z') });
    deleteMaria();
    const again = await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria-again', receivedAt: DELETED_AT + 60_000 });
    expect(again).toMatchObject({ kind: 'leads', created: 1, withheld: 0 });
    expect(names()).toEqual(['Maria Lopez']);
    // An old copy synced afterwards still stays out, even though it would repeat the new lead.
    expect(await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria-old-copy', receivedAt: Date.parse('2026-03-02T14:06:00Z') }))
      .toMatchObject({ kind: 'withheld' });
    const lead = store.leads.listInbox({}).leads[0]!;
    expect(store.leads.detail(lead.id)?.messages).toHaveLength(1);
  });

  it('withholds only the deleted prospect of an email that names several', async () => {
    store.purges.apply({
      dealershipId: 'd1', customerKeySalt: salt,
      instructions: [{ instructionId: '1', customerKeys: customerKeysOf(salt, { email: 'ana.reyes@example.com' }), deletedAt: DELETED_AT }],
    });
    const outcome = await ingestEmail(store, accountId, email('adf-08-multiple-prospects.eml'), { providerMessageId: 'multi', receivedAt: Date.parse('2026-03-02T14:06:00Z') });
    expect(outcome).toMatchObject({ kind: 'leads', withheld: 1 });
    expect(names()).not.toContain('Ana Reyes');
    expect(names()).toContain('Ben Ortiz');
  });
});

describe('ingestEmail: a reply covered by a deletion on request is withheld, whoever relays it', () => {
  const salt = randomBytes(32);
  const deletedAt = Date.parse('2026-03-05T12:00:00Z');
  const relayed = (from: string, messageId: string) => Buffer.from([
    `From: ${from}`, 'To: internetsales@sunsethonda.example', 'Subject: Re: Your 2024 Honda Accord EX-L',
    `Message-ID: ${messageId}`, 'In-Reply-To: <adf-20260302-140511-8841@dealerwebsites.example>',
    'References: <adf-20260302-140511-8841@dealerwebsites.example>', 'Date: Wed, 04 Mar 2026 17:21:40 +0000',
    'Content-Type: text/plain; charset=utf-8', '', 'Maria Lopez says: Saturday at 10 works for me.', '',
  ].join('\r\n'));
  const eraseMaria = async () => {
    await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria', receivedAt: Date.parse('2026-03-02T14:06:00Z') });
    store.purges.apply({
      dealershipId: 'd1', customerKeySalt: salt,
      instructions: [{ instructionId: '1', customerKeys: customerKeysOf(salt, { email: 'maria.lopez@example.com', phone: '+1 512 555 0142' }), deletedAt }],
    });
    expect(store.leads.listInbox({}).leads).toEqual([]);
  };

  it('withholds a marketplace relay reply received before the deletion, answering her erased lead', async () => {
    await eraseMaria();
    expect(await ingestEmail(store, accountId, relayed('Cars.com <relay@messages.cars.com>', '<relay1@messages.cars.com>'), { providerMessageId: 'relay', receivedAt: deletedAt - 60_000 }))
      .toEqual({ kind: 'withheld', reason: 'customer-deleted', count: 1 });
    expect(store.leads.listInbox({}).leads).toEqual([]);
  });

  it('withholds any sender answering an erased Message-ID before the deletion, and keeps only keyed hashes of those ids', async () => {
    await eraseMaria();
    expect(await ingestEmail(store, accountId, relayed('Proxy <p-81x@proxy.example.net>', '<p1@proxy.example.net>'), { providerMessageId: 'proxy', receivedAt: deletedAt }))
      .toEqual({ kind: 'withheld', reason: 'customer-deleted', count: 1 });
    expect(store.leads.listInbox({}).leads).toEqual([]);
    const bytes = readFileSync(path.join(dir, 'leads.db'));
    expect(bytes.includes(Buffer.from('adf-20260302-140511-8841'))).toBe(false);
  });

  it('never starts a customer-reply lead from a marketplace relay or a no-reply sender, even after the deletion', async () => {
    await eraseMaria();
    expect(await ingestEmail(store, accountId, relayed('Cars.com <relay@messages.cars.com>', '<relay2@messages.cars.com>'), { providerMessageId: 'r2', receivedAt: deletedAt + 60_000 }))
      .toEqual({ kind: 'reply', leadId: null });
    expect(await ingestEmail(store, accountId, relayed('Notices <no-reply@notices.example.org>', '<n1@notices.example.org>'), { providerMessageId: 'n1', receivedAt: deletedAt + 60_000 }))
      .toEqual({ kind: 'reply', leadId: null });
    expect(store.leads.listInbox({}).leads).toEqual([]);
  });
});

describe('ingestEmail: no customer-reply lead from the dealership itself or a no-reply sender, without ownDomains', () => {
  const reply = (from: string, to: string, id: string) => Buffer.from([
    `From: ${from}`, `To: ${to}`, 'Subject: Re: Weekend promo', `Message-ID: <${id}@x.example>`,
    'In-Reply-To: <thread-1@sunsethonda.example>', 'References: <thread-1@sunsethonda.example>',
    'Date: Mon, 09 Mar 2026 11:00:00 -0600', 'Content-Type: text/plain; charset=utf-8', '', 'Sounds good, see you Saturday.', '',
  ].join('\r\n'));

  it("refuses a colleague's Re: (From domain equals a To domain) and a noreply@ sender with References", async () => {
    const at = Date.now();
    expect(await ingestEmail(store, accountId, reply('Dana Manager <dana@sunsethonda.example>', 'sales@sunsethonda.example', 'c1'), { providerMessageId: 'c1', receivedAt: at }))
      .toEqual({ kind: 'reply', leadId: null });
    expect(await ingestEmail(store, accountId, reply('Sunset CRM <noreply@crm-mailer.example>', 'sales@sunsethonda.example', 'n1'), { providerMessageId: 'n1', receivedAt: at }))
      .toEqual({ kind: 'reply', leadId: null });
    expect(store.leads.listInbox({}).leads).toEqual([]);
    // A customer writing back is still kept.
    expect(await ingestEmail(store, accountId, reply('Priya Shah <priya.shah@example.com>', 'sales@sunsethonda.example', 'p1'), { providerMessageId: 'p1', receivedAt: at }))
      .toMatchObject({ kind: 'leads', created: 1 });
  });
});

describe('ingestEmail: a customer reply and her lead are one lead, whichever syncs first', () => {
  const hersAt = Date.parse('2026-03-02T14:06:00Z');

  it('attaches a reply whose thread is unknown here (the rep answered from Outlook) to her existing lead', async () => {
    const lead = await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria', receivedAt: hersAt });
    const leadId = lead.kind === 'leads' ? lead.leadIds[0]! : '';
    const outlook = Buffer.from(readFileSync(path.join(demo, 'customer-reply.eml')).toString()
      .replace(/<lp-reply-0001@sunsethonda\.example>/g, '<outlook-7781@sunsethonda.example>')
      .replace('<adf-20260302-140511-8841@dealerwebsites.example> ', ''));
    expect(await ingestEmail(store, accountId, outlook, { providerMessageId: 'r1', receivedAt: Date.parse('2026-03-04T17:22:00Z') }))
      .toEqual({ kind: 'reply', leadId });
    expect(store.leads.listInbox({}).leads).toHaveLength(1);
    expect(store.leads.detail(leadId)?.messages.map((m) => m.fromAddress)).toContain('maria.lopez@example.com');
  });

  it('merges her lead, synced after her reply, into the lead the reply started; the lead takes its fields', async () => {
    const reply = await ingestEmail(store, accountId, email('customer-reply.eml'), { providerMessageId: 'r1', receivedAt: Date.parse('2026-03-04T17:22:00Z') });
    expect(reply).toMatchObject({ kind: 'leads', created: 1 });
    const replyLeadId = reply.kind === 'leads' ? reply.leadIds[0]! : '';
    // Synced days later than her inquiry was made, no vehicle on the reply lead, another Message-ID.
    expect(await ingestEmail(store, accountId, email('adf-inline.eml'), { providerMessageId: 'maria', receivedAt: hersAt }))
      .toMatchObject({ kind: 'leads', leadIds: [replyLeadId], created: 0, merged: 1 });
    expect(store.leads.listInbox({}).leads).toHaveLength(1);
    const detail = store.leads.detail(replyLeadId)!;
    expect(detail).toMatchObject({ customerName: 'Maria Lopez', email: 'maria.lopez@example.com', phone: '+15125550142', sourceFormat: 'adf' });
    expect(detail.sources.map((s) => s.provider)).not.toContain('Customer reply');
    expect(detail.messages).toHaveLength(2);
  });
});
