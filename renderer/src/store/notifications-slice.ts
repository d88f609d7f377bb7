// Toasts. Every API failure lands here with its hint, so nothing fails silently.
import { isApiError } from '../../../shared/api/errors';
import type { SliceCreator } from './types';

export type NotificationKind = 'info' | 'success' | 'warning' | 'error';

export interface NotificationAction {
  label: string;
  /** A command id from the command registry, run when clicked. */
  command: string;
}

export interface AppNotification {
  id: number;
  kind: NotificationKind;
  message: string;
  hint?: string;
  action?: NotificationAction;
  /** How many identical notifications were folded into this one. */
  count: number;
}

export interface NotificationsSlice {
  notifications: AppNotification[];
  notify(n: { kind: NotificationKind; message: string; hint?: string; action?: NotificationAction }): number;
  /** Shows any thrown value as an error toast; ApiErrors keep their hint. */
  notifyError(e: unknown, context?: string): void;
  dismissNotification(id: number): void;
}

const MAX_VISIBLE = 5;
let nextId = 1;

export const createNotificationsSlice: SliceCreator<NotificationsSlice> = () => (set, get) => ({
  notifications: [],
  notify(n) {
    const existing = get().notifications.find((x) => x.kind === n.kind && x.message === n.message && x.hint === n.hint);
    if (existing) {
      set((s) => ({ notifications: s.notifications.map((x) => (x === existing ? { ...x, count: x.count + 1 } : x)) }));
      return existing.id;
    }
    const id = nextId++;
    set((s) => ({ notifications: [...s.notifications, { ...n, id, count: 1 }].slice(-MAX_VISIBLE) }));
    return id;
  },
  notifyError(e, context) {
    const prefix = context ? `${context}: ` : '';
    if (isApiError(e)) {
      const action = e.code === 'TOOL_MISSING' ? { label: 'Open Doctor', command: 'doctor.show' } : undefined;
      get().notify({ kind: e.code === 'CANCELLED' ? 'info' : 'error', message: prefix + e.message, hint: e.hint, action });
    } else {
      const message = e instanceof Error ? e.message : String(e);
      get().notify({ kind: 'error', message: prefix + message, hint: 'This looks like a bug in TinyML Studio; the Output panel may have details.' });
    }
  },
  dismissNotification: (id) => set((s) => ({ notifications: s.notifications.filter((n) => n.id !== id) })),
});
