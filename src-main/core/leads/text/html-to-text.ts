/**
 * HTML to plain text in one linear scan (indexOf, no backtracking regex): drops script/style/
 * head and comments, turns block tags into line breaks and table cells into tab-separated
 * columns (so "<td>Name</td><td>Sam</td>" reads "Name\tSam"), decodes entities.
 */
import { decodeEntities } from './entities';
import { LIMITS, clip, type WorkMeter } from '../limits';

const BLOCK = new Set([
  'br', 'p', 'div', 'tr', 'li', 'ul', 'ol', 'table', 'tbody', 'thead', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'pre', 'blockquote', 'hr', 'section', 'article', 'header', 'footer', 'dt', 'dd', 'dl', 'form', 'center',
]);
const CELL = new Set(['td', 'th']);
const SKIP = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'svg']);

function tagName(inner: string): { name: string; closing: boolean } {
  let i = 0;
  let closing = false;
  if (inner[0] === '/') {
    closing = true;
    i = 1;
  }
  let j = i;
  while (j < inner.length && j - i < 20) {
    const c = inner.charCodeAt(j);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) break;
    j++;
  }
  return { name: inner.slice(i, j).toLowerCase(), closing };
}

export function htmlToText(htmlIn: string, meter?: WorkMeter): string {
  const html = clip(htmlIn, LIMITS.maxHtmlChars);
  meter?.add(html.length);
  const out: string[] = [];
  let i = 0;
  let skipUntil: string | null = null;
  let cellInRow = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (skipUntil === null && textEnd > i) out.push(html.slice(i, textEnd).replace(/\s+/g, ' '));
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) {
      if (skipUntil === null) out.push(html.slice(lt).replace(/\s+/g, ' '));
      break;
    }
    const { name, closing } = tagName(html.slice(lt + 1, Math.min(gt, lt + 24)));
    i = gt + 1;
    if (skipUntil !== null) {
      if (closing && name === skipUntil) skipUntil = null;
      continue;
    }
    if (!name) {
      // "<" not starting a tag (e.g. "a < b"): keep it as text
      if (html[lt + 1] !== '!' && html[lt + 1] !== '?') out.push(html.slice(lt, gt + 1));
      continue;
    }
    if (!closing && SKIP.has(name)) {
      if (!html.slice(lt, gt).trimEnd().endsWith('/')) skipUntil = name;
      continue;
    }
    if (CELL.has(name)) {
      if (!closing) {
        if (cellInRow > 0) out.push('\t');
        cellInRow++;
      }
    } else if (BLOCK.has(name)) {
      out.push('\n');
      if (name === 'tr' || name === 'table') cellInRow = 0;
    }
  }
  const text = decodeEntities(out.join(''));
  return text
    .split('\n')
    .map((l) => l.replace(/[ \u00a0]+/g, ' ').replace(/ ?\t ?/g, '\t').trim())
    .filter((l, idx, arr) => l !== '' || (idx > 0 && arr[idx - 1] !== ''))
    .join('\n')
    .trim();
}
