/** The one clock: injected, so tests and the crash writer control time. */
export type Clock = () => Date;

export const toMs = (d: Date): number => d.getTime();
export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));
