/**
 * A stand-in for the person at the system browser (tests only): opens the URL msal-node hands
 * to openBrowser, accepts the consent page for a mailbox, and lets the form_post page post the
 * answer to msal's own loopback listener, as a browser would.
 */
export interface Form {
  readonly action: string;
  readonly fields: Record<string, string>;
}

export function formsIn(html: string): Form[] {
  const forms: Form[] = [];
  for (const match of html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<(?:input|button)\b[^>]*name="([^"]*)"[^>]*value="([^"]*)"[^>]*>/g)) {
      fields[unescape(input[1]!)] = unescape(input[2]!);
    }
    forms.push({ action: unescape(match[1]!), fields });
  }
  return forms;
}

function unescape(text: string): string {
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

export async function postForm(form: Form, base: string): Promise<Response> {
  return fetch(new URL(form.action, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form.fields),
    redirect: 'manual',
  });
}

/** Follows the sign-in as a user who accepts for `mailbox` (or lets auto-approve answer). */
export async function actAsBrowser(authorizeUrl: string, mailbox?: string): Promise<void> {
  const first = await fetch(authorizeUrl, { redirect: 'manual' });
  let html = await first.text();
  if (first.status !== 200) throw new Error(`authorize answered ${first.status}: ${html.slice(0, 200)}`);
  if (html.includes('Permissions requested')) {
    const choice = formsIn(html).find((f) => f.fields.decision === 'accept' && (!mailbox || f.fields.mailbox === mailbox));
    if (!choice) throw new Error(`no consent choice for ${mailbox ?? 'any mailbox'}`);
    const consented = await postForm(choice, authorizeUrl);
    html = await consented.text();
  }
  const post = formsIn(html).find((f) => f.fields.code || f.fields.error);
  if (!post) throw new Error(`no form_post answer in: ${html.slice(0, 200)}`);
  await (await postForm(post, authorizeUrl)).text();
}
