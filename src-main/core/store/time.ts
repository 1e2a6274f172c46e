/** What time it is, as the store asks it: the app passes its Clock's now (core/time/clock.ts); tests and the crash writer pass their own. */
export type Now = () => Date;

export const toMs = (d: Date): number => d.getTime();
export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));
