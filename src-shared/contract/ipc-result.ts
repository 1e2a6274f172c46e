import { z } from 'zod';

/**
 * Every call answers with this envelope on both transports (Electron IPC and the browser host),
 * so errors keep their code across contextBridge and the socket; the renderer client unwraps it.
 */
export const ipcErrorCode = z.enum([
  'unknown-call',
  'bad-arguments',
  'forbidden-sender',
  'handler-failed',
  'bad-result',
  'transport-closed',
]);
export type IpcErrorCode = z.infer<typeof ipcErrorCode>;

export const ipcFailure = z.object({
  ok: z.literal(false),
  error: z.object({
    code: ipcErrorCode,
    /** Written for the person using the app; never contains customer content. */
    message: z.string(),
    /** For bad-arguments: which fields, e.g. ["url"]. */
    fields: z.array(z.string()).optional(),
  }),
});
export type IpcFailure = z.infer<typeof ipcFailure>;
export type IpcSuccess<T> = { ok: true; value: T };
export type IpcEnvelope<T> = IpcSuccess<T> | IpcFailure;

export function failure(code: IpcErrorCode, message: string, fields?: string[]): IpcFailure {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}
