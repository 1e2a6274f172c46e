/** Real-shaped lead emails for tests (RFC 5322 text, CRLF). */
export function leadEml(n: number, options: { date?: Date; subject?: string } = {}): string {
  const date = options.date ?? new Date(Date.UTC(2026, 11, 1, 9, n % 60));
  return [
    'From: "AutoTrader Leads" <leads@autotrader.example>',
    'To: Sunset Honda Leads <leads@sunsethonda.example>',
    `Subject: ${options.subject ?? `New lead #${n}: 2025 Honda CR-V EX`}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <lead-${n}-${date.getTime()}@autotrader.example>`,
    'List-Unsubscribe: <mailto:unsubscribe@autotrader.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    '',
    `Name: Jordan Customer ${n}`,
    'Phone: (555) 010-2000',
    'Vehicle: 2025 Honda CR-V EX',
    'Preferred Date 03/07/2026 10:00 AM',
    '',
  ].join('\r\n');
}
