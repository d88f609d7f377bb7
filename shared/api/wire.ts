// The envelope every host uses: a call with an id, a result for that id, and pushed events.
// Both the WebSocket host and Electron's IPC carry exactly these objects.
import { z } from 'zod';

export const callMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  service: z.string().min(1).max(64),
  method: z.string().min(1).max(64),
  args: z.array(z.unknown()).max(32),
});
export type CallMessage = z.infer<typeof callMessage>;

export const errorData = z.object({
  code: z.enum(['BAD_REQUEST', 'NOT_FOUND', 'USER_ERROR', 'TOOL_MISSING', 'DEVICE_ERROR', 'CANCELLED', 'UNAUTHORIZED', 'INTERNAL']),
  message: z.string(),
  hint: z.string().optional(),
  detail: z.unknown().optional(),
});

export const resultMessage = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(false), error: errorData }),
]);
export type ResultMessage = z.infer<typeof resultMessage>;

export const eventMessage = z.object({
  type: z.literal('event'),
  name: z.string(),
  payload: z.unknown(),
});
export type EventMessage = z.infer<typeof eventMessage>;

export type ServerMessage = ResultMessage | EventMessage;

/** Largest message a host accepts: a model file travels as base64 inside one call. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
