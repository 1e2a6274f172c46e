import type { Recognizer } from './types';

export const truecar: Recognizer = {
  provider: 'TrueCar',
  format: 'marketplace',
  senderLabels: ['truecar'],
  subject: /\btrue\s?car\b/i,
  body: /\btruecar\b/i,
  labels: { 'truecar price': 'price', 'guaranteed savings price': 'price', 'prospect id': 'leadId', 'certificate id': 'leadId' },
};
