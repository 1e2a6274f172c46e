import type { Recognizer } from './types';

/** Facebook Marketplace messages carry no email/phone: a name, the listing and the question. */
export const facebookMarketplace: Recognizer = {
  provider: 'Facebook Marketplace',
  format: 'marketplace',
  senderLabels: ['facebookmail', 'facebook'],
  subject: /\b(marketplace|your listing)\b/i,
  body: /\bmarketplace\b/i,
  labels: { 'buyer': 'fullName', 'listing': 'vehicle', 'message from buyer': 'comments' },
  linePatterns: [
    ['fullName', /^(\S.{0,80}?) (?:sent you a message|is interested in|asked about|messaged you)\b/i],
    ['vehicle', /(?:sent you a message|is interested in|asked about|messaged you) about (?:your listing[:,]? )?"?(.{3,120}?)"?(?::|$)/i],
  ],
};
