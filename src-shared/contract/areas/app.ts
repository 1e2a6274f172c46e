import { z } from 'zod';
import { call } from '../define';

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
} as const;
