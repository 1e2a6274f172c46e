import type { Recognizer } from './types';

export const carsCom: Recognizer = {
  provider: 'Cars.com',
  format: 'marketplace',
  senderLabels: ['cars'],
  subject: /\bcars\.com\b/i,
  body: /\bcars\.com\b/i,
  labels: { 'shopper name': 'fullName', 'shopper email': 'email', 'shopper phone': 'phone', 'cars com lead id': 'leadId' },
};
