// Whether the back end is reachable; the status bar shows it and offers nothing that would fail silently.
import type { ConnectionState } from '../api-client';
import type { SliceCreator } from './types';

export interface ConnectionSlice {
  connection: ConnectionState;
  hostKind: 'electron' | 'web' | null;
  setConnection(state: ConnectionState, hostKind?: 'electron' | 'web'): void;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = () => (set) => ({
  connection: { status: 'connecting', retryInSeconds: null, lastError: null },
  hostKind: null,
  setConnection: (connection, hostKind) => set((s) => ({ connection, hostKind: hostKind ?? s.hostKind })),
});
