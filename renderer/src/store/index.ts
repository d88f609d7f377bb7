// One store for the renderer, assembled from slices (zustand's slices pattern). The store is vanilla so tests
// can drive it without React; components read it through `useApp(selector)`.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConnectionSlice } from './connection-slice';
import { createDoctorSlice } from './doctor-slice';
import { createJobsSlice } from './jobs-slice';
import { createNotificationsSlice } from './notifications-slice';
import { createOutputSlice } from './output-slice';
import { createProjectSlice } from './project-slice';
import type { AppState, StoreDeps } from './types';
import { createWorkbenchSlice } from './workbench-slice';

export type { AppState, StoreDeps } from './types';
export type AppStore = StoreApi<AppState>;

export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createWorkbenchSlice(deps)(...a),
    ...createProjectSlice(deps)(...a),
    ...createOutputSlice(deps)(...a),
    ...createDoctorSlice(deps)(...a),
    ...createJobsSlice(deps)(...a),
    ...createNotificationsSlice(deps)(...a),
    ...createConnectionSlice(deps)(...a),
  }));
}

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp/useAppStore used outside <StoreProvider>');
  return store;
}

/** Subscribe a component to the smallest piece of state it needs. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}
