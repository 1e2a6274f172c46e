import { z } from 'zod';
import { call } from '../define';

/**
 * Where a screen failed: the view that was showing (the renderer's route ids), or `unknown`.
 * A closed list, so a report can never carry free text in this field.
 */
export const rendererViewIds = ['leads', 'outbox', 'team', 'settings', 'unknown'] as const;
export type RendererViewId = (typeof rendererViewIds)[number];

/**
 * The kind of a renderer error: an identifier-like error class name (`TypeError`, `RangeError`,
 * `ChunkLoadError`), capitalised, letters and digits only, at most 48 characters. Never a message,
 * stack, or anything with spaces, dots or @, so customer text (a name, an address, a domain)
 * cannot ride along into main's log. The renderer sends `Error` for anything else.
 */
export const rendererErrorNamePattern = /^[A-Z][A-Za-z0-9]{0,47}$/;
export const rendererErrorName = z.string().regex(rendererErrorNamePattern);

export const appCalls = {
  'app.getInfo': call({
    summary: 'Name and version of the running app, and which host it runs in.',
    args: z.object({}).strict(),
    result: z.object({
      name: z.string(),
      version: z.string(),
      host: z.enum(['electron', 'browser-host']),
      electronVersion: z.string().nullable(),
      nodeVersion: z.string(),
    }),
  }),
  'app.openExternal': call({
    summary: 'Open an https link in the system browser. Anything but https is refused.',
    args: z.object({ url: z.string().max(2048) }).strict(),
    result: z.object({
      opened: z.boolean(),
      /** The re-formatted URL that was (or, in the browser host, may be) opened. */
      url: z.string(),
    }),
  }),
  'app.reportRendererError': call({
    summary:
      "A screen failed to draw: main writes the error's kind and the view to its log (warn), rate-limited. " +
      'Only a short error name and a view id are accepted: never messages, stacks or customer text.',
    args: z
      .object({
        name: rendererErrorName,
        where: z.enum(rendererViewIds),
        /** True when an error boundary showed its message; false when the window could not recover. */
        handled: z.boolean(),
      })
      .strict(),
    result: z.object({
      /** False when the report was dropped by the rate limit (it is counted in a later "suppressed" line). */
      logged: z.boolean(),
    }),
  }),
} as const;
