import type { Recognizer } from './types';

export const edmunds: Recognizer = {
  provider: 'Edmunds',
  format: 'marketplace',
  senderLabels: ['edmunds'],
  subject: /\bedmunds\b/i,
  body: /\bedmunds\b/i,
  labels: { 'edmunds price promise': 'price', 'price promise': 'price' },
};
