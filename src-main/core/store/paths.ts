import { join } from 'node:path';

/** Files this module owns inside a profile's data folder. */
export const STORE_FILE_NAME = 'leadpulse.db';
export const SIDE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;
/** Damaged databases are moved here (still encrypted) instead of being deleted. */
export const SET_ASIDE_DIR = 'set-aside';

export const storeFile = (dataDir: string): string => join(dataDir, STORE_FILE_NAME);
export const setAsideDir = (dataDir: string): string => join(dataDir, SET_ASIDE_DIR);
