import type { Recognizer } from './types';

/**
 * The dealership's own website forms. Recognised by wording; the caller adds a sender match
 * when the sender's domain is one of the dealership's own (options.ownDomains or a To domain).
 */
export const websiteForm: Recognizer = {
  provider: 'Website',
  format: 'website-form',
  senderLabels: [],
  subject: /\b(test drive|contact us|get (?:e-?)?price|e-?price|trade(?:-in)? (?:appraisal|value)|value my trade|credit app|schedule|availability|form submission|website lead|internet lead|finance|request)\b/i,
  body: /\b(form (?:was )?submitted|submitted (?:a|the) form|website form|web form|form:)\b/i,
};
