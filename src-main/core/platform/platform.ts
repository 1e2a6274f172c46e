/** What the core needs from whichever host runs it (Electron shell or browser host). */
export interface Platform {
  readonly host: 'electron' | 'browser-host';
  readonly electronVersion: string | null;
  /** Opens an already-checked https URL; answers false where the host cannot (browser host). */
  openExternal(safeUrl: string): Promise<boolean>;
}
