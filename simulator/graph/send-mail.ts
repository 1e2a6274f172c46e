import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendGraphError } from './http';
import type { Mailbox } from './mailbox';
import { generatedMessageId, type MessageParts, type Recipient } from './message';
import type { TenantState } from './state';

/**
 * POST /me/sendMail: 202 Accepted at once, the copy lands in Sent Items after `sendDelayMs`
 * (Exchange finishes the send after answering). Custom headers must be x- headers.
 */
export async function sendMail(req: IncomingMessage, res: ServerResponse, state: TenantState, mailbox: Mailbox): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = await readJson(req);
  } catch {
    return sendGraphError(res, 400, 'RequestBodyRead', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  const message = (body.message ?? null) as Record<string, unknown> | null;
  if (!message || typeof message !== 'object') return sendGraphError(res, 400, 'ErrorInvalidParameter', "The value of the parameter 'Message' is empty.");
  const to = recipients(message.toRecipients);
  const cc = recipients(message.ccRecipients);
  if (to === null || cc === null || to.length + cc.length === 0) return sendGraphError(res, 400, 'ErrorInvalidRecipients', "At least one recipient isn't valid.");
  const headers = Array.isArray(message.internetMessageHeaders) ? (message.internetMessageHeaders as { name?: unknown; value?: unknown }[]) : [];
  for (const h of headers) {
    if (typeof h.name !== 'string' || !/^x-/i.test(h.name)) {
      return sendGraphError(res, 400, 'InvalidInternetMessageHeader', `The internet message header name '${String(h.name)}' should start with 'x-' or 'X-'.`);
    }
  }
  const props = Array.isArray(message.singleValueExtendedProperties)
    ? (message.singleValueExtendedProperties as { id?: unknown; value?: unknown }[]).map((p) => ({ id: String(p.id), value: String(p.value) }))
    : [];
  const content = (message.body ?? {}) as { contentType?: unknown; content?: unknown };
  const isHtml = str(content.contentType, 'text').toLowerCase() === 'html';
  const text = str(content.content, '');
  const subject = str(message.subject, '');
  const clientId = typeof message.internetMessageId === 'string' ? message.internetMessageId : null;
  const internetMessageId = state.keepClientInternetMessageId && clientId ? clientId : generatedMessageId(mailbox.address.split('@')[1] ?? 'example');
  const from: Recipient = { emailAddress: { name: mailbox.displayName, address: mailbox.address } };
  const sentAt = new Date();
  const custom = headers.map((h) => ({ name: String(h.name), value: str(h.value, '') }));
  const parts: MessageParts = {
    raw: buildMime({ from, to, cc, subject, internetMessageId, sentAt, headers: custom, isHtml, text }),
    subject, text: isHtml ? '' : text, html: isHtml ? text : null, from, to, cc, internetMessageId, sentAt, headers: custom, hasAttachments: false,
  };
  res.writeHead(202, { 'Content-Length': '0', 'Cache-Control': 'no-store' }).end();
  if (body.saveToSentItems === false || body.saveToSentItems === 'false') return;
  const save = () => void mailbox.add(parts, 'sentitems', sentAt, props);
  if (state.sendDelayMs > 0) setTimeout(save, state.sendDelayMs).unref();
  else save();
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function recipients(value: unknown): Recipient[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return null;
  const out: Recipient[] = [];
  for (const r of value as { emailAddress?: { address?: unknown; name?: unknown } }[]) {
    const address = r?.emailAddress?.address;
    if (typeof address !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(address)) return null;
    out.push({ emailAddress: { address, name: typeof r.emailAddress?.name === 'string' ? r.emailAddress.name : address } });
  }
  return out;
}

function buildMime(m: {
  from: Recipient; to: Recipient[]; cc: Recipient[]; subject: string; internetMessageId: string; sentAt: Date;
  headers: { name: string; value: string }[]; isHtml: boolean; text: string;
}): string {
  const addr = (r: Recipient) => `${JSON.stringify(r.emailAddress.name)} <${r.emailAddress.address}>`;
  const lines = [
    `From: ${addr(m.from)}`,
    `To: ${m.to.map(addr).join(', ')}`,
    ...(m.cc.length ? [`Cc: ${m.cc.map(addr).join(', ')}`] : []),
    `Subject: =?utf-8?B?${Buffer.from(m.subject).toString('base64')}?=`,
    `Date: ${m.sentAt.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${m.internetMessageId}`,
    ...m.headers.map((h) => `${h.name}: ${h.value.replace(/[\r\n]+/g, ' ')}`),
    'MIME-Version: 1.0',
    `Content-Type: text/${m.isHtml ? 'html' : 'plain'}; charset="utf-8"`,
    'Content-Transfer-Encoding: base64',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${Buffer.from(m.text).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`;
}
