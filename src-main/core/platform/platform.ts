/** What the core needs from whichever host runs it (Electron shell or browser host). */
export interface Platform {
  readonly host: 'electron' | 'browser-host';
  readonly electronVersion: string | null;
  /** Opens an already-checked https URL; answers false where the host cannot (browser host). */
  openExternal(safeUrl: string): Promise<boolean>;
  /**
   * Opens the identity provider's sign-in page (already checked by toSignInPageUrl) in the
   * system browser. The browser host cannot and answers false: the page opens it instead.
   */
  openSignInPage(checkedUrl: string): Promise<boolean>;
}
