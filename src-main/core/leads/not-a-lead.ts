/**
 * Header and subject signals that a message is not a new lead: auto-replies, bounces, bulk
 * mail, replies in an existing thread. Strong signals decide alone; weak ones (set by many
 * lead mailers too) only decide when the message holds no lead content.
 */
import { headerValue, type MimeMessage } from './mime';

export interface NotLeadSignals {
  /** Auto-Submitted: auto-replied, X-Autoreply, out-of-office subjects. */
  autoReplyStrong: boolean;
  /** Auto-Submitted: auto-generated, X-Auto-Response-Suppress (lead mailers set these too). */
  autoReplyWeak: boolean;
  bounce: boolean;
  /** List-Unsubscribe, List-Id, Precedence: bulk/list/junk. */
  bulk: boolean;
  /** In-Reply-To or References present. */
  inThread: boolean;
}

const OOF_SUBJECT =
  /^\s*(automatic reply|auto(?:matic)?[\s-]?reply|autoreply|auto[\s-]?response|out of (?:the )?office|ooo\b|away from (?:the )?office|on vacation|vacation reply|abwesenheitsnotiz|r[ée]ponse automatique|respuesta autom[áa]tica|auto:)/i;
const BOUNCE_SUBJECT =
  /^\s*(undeliverable|undelivered mail|delivery status notification|mail delivery (?:failed|failure|subsystem)|returned mail|failure notice|delivery failure)/i;

export function notLeadSignals(m: MimeMessage): NotLeadSignals {
  const autoSubmitted = (headerValue(m, 'auto-submitted') ?? '').trim().toLowerCase();
  const subject = (m.subject ?? '').slice(0, 300);
  const xAutoreply = (headerValue(m, 'x-autoreply') ?? headerValue(m, 'x-autorespond') ?? '').toLowerCase();
  const precedence = (headerValue(m, 'precedence') ?? '').trim().toLowerCase();
  const fromAddr = (m.from?.address ?? '').toLowerCase();
  const contentType = (headerValue(m, 'content-type') ?? '').toLowerCase();

  const autoReplyStrong =
    autoSubmitted.startsWith('auto-replied') ||
    xAutoreply === 'yes' || xAutoreply === 'true' ||
    precedence === 'auto_reply' ||
    OOF_SUBJECT.test(subject);
  const autoReplyWeak =
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    headerValue(m, 'x-auto-response-suppress') !== null;
  const bounce =
    /^(mailer-daemon|postmaster)@/.test(fromAddr) ||
    contentType.includes('multipart/report') ||
    BOUNCE_SUBJECT.test(subject);
  const bulk =
    headerValue(m, 'list-unsubscribe') !== null ||
    headerValue(m, 'list-id') !== null ||
    precedence === 'bulk' || precedence === 'list' || precedence === 'junk';
  const inThread = m.inReplyTo !== null || m.references !== null;
  return { autoReplyStrong, autoReplyWeak, bounce, bulk, inThread };
}

/** Message-IDs listed in a References / In-Reply-To header, angle brackets kept, capped. */
export function messageIds(header: string | null, max: number): string[] {
  if (!header) return [];
  const out: string[] = [];
  const re = /<[^<>\s]{1,250}>/g;
  const h = header.slice(0, 20000);
  let m: RegExpExecArray | null;
  while ((m = re.exec(h)) !== null && out.length < max) out.push(m[0]);
  return out;
}
