/** Splits text into capped lines (count and length), for line-by-line extractors. */
import { LIMITS, type WorkMeter } from '../limits';

export function cappedLines(text: string, meter: WorkMeter): string[] {
  const t = text.length > LIMITS.maxScanChars ? text.slice(0, LIMITS.maxScanChars) : text;
  meter.add(t.length);
  const out: string[] = [];
  let i = 0;
  while (i <= t.length && out.length < LIMITS.maxLines) {
    let j = t.indexOf('\n', i);
    if (j === -1) j = t.length;
    let line = t.slice(i, Math.min(j, i + LIMITS.maxLineChars));
    if (line.endsWith('\r')) line = line.slice(0, -1);
    out.push(line);
    i = j + 1;
  }
  return out;
}
