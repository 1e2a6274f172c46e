import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { escapeHtml, sendHtml } from './http';
import type { MailboxInfo } from './mailbox';
import { scopeWords } from './scopes';

/** The HTML the simulated sign-in shows: the consent page, errors, and the form_post answer. */

export function consentPage(res: ServerResponse, options: {
  readonly action: string;
  readonly request: string;
  readonly appName: string;
  readonly scopes: readonly string[];
  readonly mailboxes: readonly MailboxInfo[];
  readonly hint: string | null;
}): void {
  const permissions = options.scopes.map((s) => `<li>${escapeHtml(scopeWords[s] ?? s)} <small>(${escapeHtml(s)})</small></li>`).join('');
  const choices = options.mailboxes
    .map((m) => `<li><form method="post" action="${escapeHtml(options.action)}">`
      + `<input type="hidden" name="request" value="${escapeHtml(options.request)}">`
      + `<input type="hidden" name="mailbox" value="${escapeHtml(m.address)}">`
      + `<button type="submit" name="decision" value="accept"${m.address === options.hint ? ' autofocus' : ''}>Accept as ${escapeHtml(m.displayName)} &lt;${escapeHtml(m.address)}&gt;</button>`
      + '</form></li>')
    .join('');
  const cancel = `<form method="post" action="${escapeHtml(options.action)}"><input type="hidden" name="request" value="${escapeHtml(options.request)}">`
    + '<button type="submit" name="decision" value="cancel">Cancel</button></form>';
  const body = options.mailboxes.length
    ? `<ul>${choices}</ul>${cancel}`
    : `<p>No demo mailbox exists yet.</p>${cancel}`;
  sendHtml(res, 200, 'Permissions requested',
    `<h1>Permissions requested</h1><p>${escapeHtml(options.appName)} (Microsoft 365 simulator) would like to:</p><ul>${permissions}</ul>`
    + `<h2>Pick a demo mailbox</h2>${body}`);
}

export function errorPage(res: ServerResponse, code: number, message: string): void {
  sendHtml(res, 400, 'Sign in', `<h1>Sorry, but we're having trouble signing you in.</h1><p>AADSTS${code}: ${escapeHtml(message)}</p>`);
}

/** response_mode=form_post: a page that posts the answer to the app's loopback listener. */
export function formPost(res: ServerResponse, redirectUri: string, params: Record<string, string>): void {
  const nonce = randomBytes(16).toString('base64');
  const fields = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  sendHtml(res, 200, 'Working...',
    `<form method="post" name="hiddenform" action="${escapeHtml(redirectUri)}">${fields}<noscript><button type="submit">Continue</button></noscript></form>`
    + `<script nonce="${nonce}">document.forms.hiddenform.submit();</script>`,
    nonce);
}
