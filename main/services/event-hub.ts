// Services publish events here; each host subscribes and forwards them to its clients.
import type { ApiEventName, ApiEventPayload } from '../../shared/api/events';
import type { EventMessage } from '../../shared/api/wire';

export type EventListener = (msg: EventMessage) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  emit<N extends ApiEventName>(name: N, payload: ApiEventPayload<N>): void {
    const msg: EventMessage = { type: 'event', name, payload };
    for (const l of this.listeners) {
      try {
        l(msg);
      } catch {
        // one broken client must not stop the others
      }
    }
  }

  subscribe(listener: EventListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
