import { describe, expect, it } from 'vitest';
import { leadEml } from './testing/eml';
import { graph } from './testing/msal';
import { graphSimulatorSuite } from './testing/suite';

const leads = 'leads@sunsethonda.example';

const suite = graphSimulatorSuite(leads);

interface Listing {
  value: { id: string; subject: string; internetMessageId: string; receivedDateTime: string }[];
  '@odata.nextLink'?: string;
}

const sendBody = (extra: Record<string, unknown> = {}) => JSON.stringify({
  message: {
    subject: 'Re: New lead #1: 2025 Honda CR-V EX',
    body: { contentType: 'Text', content: 'Hi Jordan, the CR-V EX is here. When can you stop by?' },
    toRecipients: [{ emailAddress: { address: 'jordan@example.com', name: 'Jordan Customer' } }],
    internetMessageHeaders: [{ name: 'X-LeadPulse-Outbox-Id', value: 'outbox-42' }],
    singleValueExtendedProperties: [{ id: 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name LeadPulseOutboxId', value: 'outbox-42' }],
    ...extra,
  },
});

describe('Graph mail routes', () => {
  it('serves the delivered MIME unchanged from /messages/{id}/$value', async () => {
    const eml = leadEml(7);
    const d = await suite.sim.control.deliver(leads, eml);
    const res = await graph(suite.sim, suite.token, `/me/messages/${d.id}/$value`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe(eml);
    const missing = await graph(suite.sim, suite.token, '/me/messages/AAkALgnope/$value');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'ErrorItemNotFound', message: expect.any(String), innerError: { 'request-id': expect.any(String) } } });
  });

  it('lists the inbox newest first with $top and a $skip nextLink, and filters on receivedDateTime', async () => {
    for (let i = 1; i <= 3; i++) await suite.sim.control.deliver(leads, leadEml(i), { receivedAt: new Date(Date.UTC(2026, 10, i)) });
    const first = (await (await graph(suite.sim, suite.token, '/me/mailFolders/inbox/messages?$top=2&$select=subject,receivedDateTime')).json()) as Listing;
    expect(first.value.map((m) => m.subject)).toEqual(['New lead #3: 2025 Honda CR-V EX', 'New lead #2: 2025 Honda CR-V EX']);
    const second = (await (await graph(suite.sim, suite.token, first['@odata.nextLink']!)).json()) as Listing;
    expect(second.value.map((m) => m.subject)).toEqual(['New lead #1: 2025 Honda CR-V EX']);
    expect(second['@odata.nextLink']).toBeUndefined();
    const filtered = (await (await graph(suite.sim, suite.token, '/me/mailFolders/inbox/messages?$filter=receivedDateTime ge 2026-11-02T00:00:00Z')).json()) as Listing;
    expect(filtered.value).toHaveLength(2);
    const badSelect = await graph(suite.sim, suite.token, '/me/mailFolders/inbox/messages?$select=nonsense');
    expect(badSelect.status).toBe(400);
  });

  it('sendMail answers 202 and the copy lands in Sent Items, found by $filter on internetMessageId or the extended property', async () => {
    const res = await graph(suite.sim, suite.token, '/me/sendMail', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: sendBody() });
    expect(res.status).toBe(202);
    const [sent] = suite.sim.control.sentItems(leads);
    expect(sent).toMatchObject({ subject: 'Re: New lead #1: 2025 Honda CR-V EX', to: ['jordan@example.com'] });
    const byId = (await (await graph(suite.sim, suite.token, `/me/mailFolders/sentitems/messages?$filter=internetMessageId eq '${sent!.internetMessageId}'&$select=subject,internetMessageId`)).json()) as Listing;
    expect(byId.value.map((m) => m.internetMessageId)).toEqual([sent!.internetMessageId]);
    const property = "singleValueExtendedProperties/Any(ep: ep/id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name LeadPulseOutboxId' and ep/value eq 'outbox-42')";
    const byProperty = (await (await graph(suite.sim, suite.token, `/me/mailFolders/SentItems/messages?$filter=${encodeURIComponent(property)}`)).json()) as Listing;
    expect(byProperty.value).toHaveLength(1);
    const none = (await (await graph(suite.sim, suite.token, "/me/mailFolders/sentitems/messages?$filter=internetMessageId eq '<nope@x>'")).json()) as Listing;
    expect(none.value).toEqual([]);
    const mime = await (await graph(suite.sim, suite.token, `/me/messages/${byId.value[0]!.id}/$value`)).text();
    expect(mime).toContain('X-LeadPulse-Outbox-Id: outbox-42');
    expect(mime).toContain(`Message-ID: ${sent!.internetMessageId}`);
  });

  it('keeps no copy with saveToSentItems false, delays the copy with sendDelayMs, and refuses a non x- header', async () => {
    await graph(suite.sim, suite.token, '/me/sendMail', { method: 'POST', body: JSON.stringify({ ...JSON.parse(sendBody()), saveToSentItems: false }) });
    expect(suite.sim.control.sentItems(leads)).toEqual([]);
    suite.sim.control.setBehaviour({ sendDelayMs: 150 });
    expect((await graph(suite.sim, suite.token, '/me/sendMail', { method: 'POST', body: sendBody() })).status).toBe(202);
    expect(suite.sim.control.sentItems(leads)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(suite.sim.control.sentItems(leads)).toHaveLength(1);
    const bad = await graph(suite.sim, suite.token, '/me/sendMail', { method: 'POST', body: sendBody({ internetMessageHeaders: [{ name: 'Reply-To', value: 'x@y.z' }] }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'InvalidInternetMessageHeader' } });
  });

  it('answers 401 InvalidAuthenticationToken without, with a wrong or an expired token', async () => {
    for (const header of [undefined, 'Bearer not-a-token']) {
      const res = await fetch(`${suite.sim.graphBaseUrl}/me/mailFolders/inbox/messages`, { headers: header ? { Authorization: header } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await res.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    }
    suite.sim.control.expireAccessTokens(leads);
    const expired = await graph(suite.sim, suite.token, '/me/mailFolders/inbox/messages');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { message: 'Lifetime validation failed, the token is expired.' } });
  });

  it('refuses sendMail to a token without Mail.Send (403 ErrorAccessDenied)', async () => {
    suite.sim.control.setBehaviour({ autoApprove: leads });
    const { msalFor, signIn } = await import('./testing/msal');
    const readOnly = await signIn(msalFor(suite.sim), leads, ['Mail.Read']);
    const res = await graph(suite.sim, readOnly.accessToken, '/me/sendMail', { method: 'POST', body: sendBody() });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'ErrorAccessDenied' } });
  });
});
