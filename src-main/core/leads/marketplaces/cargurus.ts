import type { Recognizer } from './types';

export const cargurus: Recognizer = {
  provider: 'CarGurus',
  format: 'marketplace',
  senderLabels: ['cargurus'],
  subject: /\bcar\s?gurus\b/i,
  body: /\bcargurus\b/i,
  labels: { 'deal rating': 'form', 'cargurus lead id': 'leadId', 'listing title': 'vehicle' },
};
