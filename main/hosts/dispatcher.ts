// The one place where a message from outside (Electron IPC or the web host's WebSocket) becomes a service call.
// It validates the envelope, the service and method names (own keys of the contract only), and the arguments
// against the method's schema, then calls the implementation. Both hosts use it, so they behave the same.
import { apiContract, type Api } from '../../shared/api/api';
import type { MethodSpec } from '../../shared/api/contract';
import { toErrorData } from '../../shared/api/errors';
import { callMessage, type ResultMessage } from '../../shared/api/wire';

export type Dispatch = (raw: unknown) => Promise<ResultMessage>;

export function createDispatcher(services: Api, onInternalError?: (e: unknown) => void): Dispatch {
  return async (raw: unknown): Promise<ResultMessage> => {
    const envelope = callMessage.safeParse(raw);
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : 0;
    if (!envelope.success) {
      return fail(id, 'BAD_REQUEST', `Malformed API message: ${envelope.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}`);
    }
    const { service, method, args } = envelope.data;
    if (!Object.hasOwn(apiContract, service)) return fail(id, 'NOT_FOUND', `Unknown service "${service}".`);
    const spec = apiContract[service as keyof typeof apiContract] as unknown as Record<string, MethodSpec>;
    if (!Object.hasOwn(spec, method)) return fail(id, 'NOT_FOUND', `Unknown method "${service}.${method}".`);
    const parsed = spec[method].args.safeParse(args);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `argument ${i.path.join('.')}: ${i.message}`).join('; ');
      return fail(id, 'BAD_REQUEST', `Invalid arguments for ${service}.${method}: ${issues}`);
    }
    try {
      const impl = (services as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[service];
      const value = await impl[method](...(parsed.data as unknown[]));
      // A result that breaks its schema is a bug in the service, not in the caller: report it where developers
      // look (onInternalError), but still deliver the value, which is usually good enough for the UI.
      const checked = spec[method].result.safeParse(value);
      if (!checked.success) {
        onInternalError?.(new Error(`${service}.${method} returned a value that does not match its result schema: ${checked.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`));
      }
      return { type: 'result', id, ok: true, value: value ?? null };
    } catch (e) {
      const data = toErrorData(e);
      if (data.code === 'INTERNAL') onInternalError?.(e);
      return { type: 'result', id, ok: false, error: data };
    }
  };
}

function fail(id: number, code: 'BAD_REQUEST' | 'NOT_FOUND', message: string): ResultMessage {
  return { type: 'result', id, ok: false, error: { code, message } };
}
