/**
 * The generic "Label: value" extractor: lines like "First Name: Dana", "Phone\t512..." (from
 * HTML table rows) or "Name:" followed by the value on the next line. Labels are mapped to
 * canonical keys through an alias table; multi-line comments are joined.
 */
import type { WorkMeter } from '../limits';
import { cappedLines } from './lines';

export type FieldKey =
  | 'firstName' | 'lastName' | 'fullName' | 'email' | 'phone' | 'postalCode' | 'preferredContact'
  | 'vehicle' | 'year' | 'make' | 'model' | 'trim' | 'vin' | 'stock' | 'price' | 'condition'
  | 'comments' | 'leadId' | 'requestDate' | 'form' | 'interest' | 'pageUrl'
  | 'tradeIn' | 'tradeYear' | 'tradeMake' | 'tradeModel' | 'tradeMileage';

export type Fields = Partial<Record<FieldKey, string>>;

const ALIASES: Record<string, FieldKey> = {};
function alias(key: FieldKey, ...labels: string[]): void {
  for (const l of labels) ALIASES[l] = key;
}
alias('firstName', 'first name', 'first', 'fname', 'given name', 'firstname');
alias('lastName', 'last name', 'last', 'lname', 'surname', 'family name', 'lastname');
alias('fullName', 'name', 'full name', 'customer name', 'customer', 'buyer', 'buyer name', 'contact name', 'your name', 'shopper', 'shopper name', 'nombre');
alias('email', 'email', 'e-mail', 'email address', 'e-mail address', 'customer email', 'buyer email', 'your email', 'shopper email', 'correo');
alias('phone', 'phone', 'phone number', 'telephone', 'tel', 'mobile', 'cell', 'cell phone', 'mobile phone', 'home phone', 'work phone', 'daytime phone', 'evening phone', 'day phone', 'customer phone', 'buyer phone', 'your phone', 'shopper phone', 'telefono', 'teléfono');
alias('postalCode', 'zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'customer zip', 'buyer zip');
alias('preferredContact', 'preferred contact', 'preferred contact method', 'contact preference', 'contact method', 'best way to contact', 'preferred method of contact', 'how to contact', 'contact via', 'preferred method');
alias('vehicle', 'vehicle', 'vehicle of interest', 'vehicle interested in', 'interested in', 'car', 'listing', 'vehicle info', 'vehicle details', 'vehicle information', 'vehicle name', 'inventory', 'vehicle requested', 'selected vehicle');
alias('year', 'year', 'vehicle year', 'model year');
alias('make', 'make', 'vehicle make');
alias('model', 'model', 'vehicle model');
alias('trim', 'trim', 'vehicle trim', 'trim level');
alias('vin', 'vin', 'vin number', 'vehicle vin', 'vin no');
alias('stock', 'stock', 'stock number', 'stock no', 'stock num', 'stk', 'vehicle stock');
alias('price', 'price', 'listed price', 'listing price', 'asking price', 'internet price', 'sale price', 'list price', 'vehicle price', 'our price', 'dealer price', 'truecar price', 'price listed', 'advertised price', 'msrp');
alias('condition', 'condition', 'new/used', 'new or used', 'vehicle condition', 'inventory type', 'stock type', 'vehicle type');
alias('comments', 'comments', 'comment', 'message', 'customer comments', 'question', 'questions', 'additional comments', 'notes', 'customer message', 'inquiry', 'buyer message', 'shopper message', 'your message', 'additional information', 'message from buyer', 'comentarios');
alias('leadId', 'lead id', 'lead', 'lead number', 'lead no', 'reference', 'reference id', 'reference number', 'inquiry id', 'request id', 'confirmation', 'confirmation number', 'lead reference', 'cargurus lead id', 'truecar id', 'edmunds lead id');
alias('requestDate', 'date', 'submitted', 'submitted at', 'submitted on', 'date submitted', 'lead date', 'request date', 'received', 'sent', 'lead received', 'date/time');
alias('form', 'form', 'form name', 'request type', 'lead type', 'inquiry type', 'request');
alias('interest', 'interest', 'purchase type', 'buy or lease', 'looking to');
alias('pageUrl', 'page', 'url', 'page url', 'source page', 'vdp', 'listing url');
alias('tradeIn', 'trade-in', 'trade in', 'trade', 'trade vehicle', 'trade-in vehicle', 'tradein', 'my trade');
alias('tradeYear', 'trade-in year', 'trade year', 'trade in year');
alias('tradeMake', 'trade-in make', 'trade make', 'trade in make');
alias('tradeModel', 'trade-in model', 'trade model', 'trade in model');
alias('tradeMileage', 'trade-in mileage', 'trade mileage', 'trade-in miles', 'trade odometer', 'trade in mileage', 'trade-in odometer', 'mileage', 'odometer');

export function normaliseLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[*#:]/g, ' ')
    .replace(/[^a-z0-9/\-éó ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function fieldKeyFor(label: string, extra?: Readonly<Record<string, FieldKey>>): FieldKey | null {
  const n = normaliseLabel(label);
  return extra?.[n] ?? ALIASES[n] ?? null;
}

const LABEL_CHARS = /^[A-Za-z][A-Za-z0-9 #/&().'*éó-]{0,44}$/;
const MULTILINE: ReadonlySet<FieldKey> = new Set(['comments']);

/** One labelled line: [label, value] or null. Label ends at the first ":" or tab. */
function splitLabel(line: string): [string, string] | null {
  const limit = Math.min(line.length, 48);
  let cut = -1;
  for (let i = 0; i < limit; i++) {
    const c = line[i];
    if (c === ':' || c === '\t') {
      cut = i;
      break;
    }
  }
  if (cut <= 0) return null;
  const label = line.slice(0, cut).trim();
  if (!LABEL_CHARS.test(label)) return null;
  // "http://..." is not a label
  if (line.startsWith('//', cut + 1)) return null;
  let value = line.slice(cut + 1);
  if (value.startsWith('\t') || value.startsWith(':')) value = value.slice(1);
  return [label, value.replace(/\t+/g, ' ').trim()];
}

export function extractFields(
  text: string,
  meter: WorkMeter,
  extra?: Readonly<Record<string, FieldKey>>,
): Fields {
  const lines = cappedLines(text, meter);
  const out: Fields = {};
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line) continue;
    const lv = splitLabel(line);
    if (!lv) continue;
    const key = fieldKeyFor(lv[0], extra);
    if (!key || out[key] !== undefined) continue;
    let value = lv[1];
    if (value === '' || MULTILINE.has(key)) {
      // value on the following line(s): until a blank line or another label
      const parts: string[] = value ? [value] : [];
      let j = i + 1;
      for (; j < lines.length && parts.length < 40; j++) {
        const next = (lines[j] ?? '').trim();
        if (!next) {
          if (parts.length) break;
          continue;
        }
        const nl = splitLabel(next);
        if (nl && fieldKeyFor(nl[0], extra)) break;
        if (!MULTILINE.has(key) && parts.length) break;
        parts.push(next);
        if (!MULTILINE.has(key)) {
          j++;
          break;
        }
      }
      value = parts.join('\n');
      i = j - 1;
    }
    if (value) out[key] = value;
  }
  return out;
}
