/**
 * A trade-in the customer describes in their own words ("My trade is a 2017 Ford Escape with
 * about 92k miles"). Conservative: needs the word "trade", a model year and a known make in
 * the same sentence; mileage only when followed by "miles"/"mi"/"km".
 */
import type { LeadTradeIn } from './types';
import { isKnownMake, parseOdometer, parseVehicleDescription } from './vehicle-text';

const TRADE_SENTENCE = /\btrad(?:e|ing)(?:[\s-]?in)?\b[^.!?\n]{0,60}?\b((?:19[89]\d|20\d\d) [A-Za-z][A-Za-z-]{1,20}(?: [A-Za-z0-9][A-Za-z0-9-]{0,20}){0,2})([^.!?\n]{0,80})/i;
const MILES = /(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?k?)\s*(?:miles|mi\b|km\b)/i;

export function tradeInFromComments(comments: string | null): LeadTradeIn | null {
  if (!comments) return null;
  const m = TRADE_SENTENCE.exec(comments.slice(0, 4000));
  if (!m?.[1]) return null;
  const desc = parseVehicleDescription(m[1].replace(/ (with|and|that|which|has|about|around)\b.*$/i, ''));
  if (desc.year === null || !isKnownMake(desc.make)) return null;
  const miles = MILES.exec(m[2] ?? '');
  return { year: desc.year, make: desc.make, model: desc.model, odometer: miles ? parseOdometer(miles[1] ?? null) : null };
}
