/** Caps that keep the work per message bounded, whatever the input. */
export const LIMITS = {
  maxMessageBytes: 25 * 1024 * 1024,
  /** MIME nesting beyond this is refused by the MIME parser (a 100-level tree still parses). */
  maxMimeDepth: 128,
  maxHeadersBytes: 512 * 1024,
  /** How much of a text/HTML body the extractors look at. */
  maxScanChars: 256 * 1024,
  /** How much of an HTML body is turned into text. */
  maxHtmlChars: 1024 * 1024,
  /** Largest ADF document we parse. */
  maxAdfChars: 512 * 1024,
  /** Attachments looked at for ADF, and how much of each. */
  maxAttachmentsScanned: 20,
  maxAttachmentBytes: 1024 * 1024,
  maxProspects: 50,
  maxLines: 4000,
  maxLineChars: 2000,
  maxFieldChars: 4000,
  maxDisplayChars: 200 * 1024,
  maxReferences: 50,
} as const;

/** Counts characters examined by the extractors so tests can check work is bounded. */
export class WorkMeter {
  units = 0;
  readonly notes: string[] = [];
  add(n: number): void {
    this.units += n;
  }
  note(s: string): void {
    if (this.notes.length < 50 && !this.notes.includes(s)) this.notes.push(s);
  }
}

export function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}
