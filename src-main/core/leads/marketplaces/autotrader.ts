import type { Recognizer } from './types';

export const autotrader: Recognizer = {
  provider: 'Autotrader',
  format: 'marketplace',
  senderLabels: ['autotrader', 'autotradermail'],
  subject: /\bauto\s?trader\b/i,
  body: /\b(new lead from autotrader|autotrader\.com|autotrader lead)\b/i,
};
