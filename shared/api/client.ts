// A typed client for the API over any transport. The renderer builds one over Electron's preload bridge or
// over the web host's WebSocket; tests build one over a real WebSocket. Callers see only `Api`.
import { apiContract, type Api, type ServiceName } from './api';
import { ApiError } from './errors';
import { apiEvents, type ApiEventName, type ApiEventPayload } from './events';
import type { CallMessage, EventMessage, ResultMessage } from './wire';

export interface Transport {
  /** Send a call; resolve with its result message. */
  call(msg: CallMessage): Promise<ResultMessage>;
  /** Subscribe to pushed events; returns an unsubscribe function. */
  onEvent(listener: (msg: EventMessage) => void): () => void;
}

export interface Disposable {
  dispose(): void;
}

export interface ApiClient {
  readonly api: Api;
  on<N extends ApiEventName>(name: N, listener: (payload: ApiEventPayload<N>) => void): Disposable;
  dispose(): void;
}

export function createApiClient(transport: Transport): ApiClient {
  let nextId = 1;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const unsubscribe = transport.onEvent((msg) => {
    const set = listeners.get(msg.name);
    if (!set) return;
    const schema = apiEvents[msg.name as ApiEventName];
    const parsed = schema ? schema.safeParse(msg.payload) : undefined;
    if (!parsed?.success) return; // an event we cannot read is dropped rather than crash the UI
    for (const l of set) l(parsed.data);
  });

  const api = {} as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
  for (const service of Object.keys(apiContract) as ServiceName[]) {
    const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const m of Object.keys(apiContract[service])) {
      methods[m] = async (...args: unknown[]) => {
        // Trailing undefined optionals would become null in JSON; drop them.
        while (args.length && args[args.length - 1] === undefined) args.pop();
        const res = await transport.call({ type: 'call', id: nextId++, service, method: m, args });
        if (res.ok) return res.value;
        throw ApiError.from(res.error);
      };
    }
    api[service] = methods;
  }

  return {
    api: api as unknown as Api,
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      return { dispose: () => set!.delete(l) };
    },
    dispose() {
      unsubscribe();
      listeners.clear();
    },
  };
}
