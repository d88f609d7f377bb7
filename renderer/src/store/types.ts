// The combined store type and what slices receive. Each slice is a creator over the whole state (zustand's
// slices pattern), so one slice's action may read another's state through `get()`.
import type { StateCreator } from 'zustand/vanilla';
import type { Api } from '../../../shared/api/api';
import type { ConnectionSlice } from './connection-slice';
import type { DoctorSlice } from './doctor-slice';
import type { JobsSlice } from './jobs-slice';
import type { NotificationsSlice } from './notifications-slice';
import type { OutputSlice } from './output-slice';
import type { ProjectSlice } from './project-slice';
import type { WorkbenchSlice } from './workbench-slice';

export type AppState = WorkbenchSlice & ProjectSlice & OutputSlice & DoctorSlice & JobsSlice & NotificationsSlice & ConnectionSlice;

/** Collaborators the slices' actions use. The API is the typed client; tests pass their own. */
export interface StoreDeps {
  api: Api;
}

export type SliceCreator<T> = (deps: StoreDeps) => StateCreator<AppState, [], [], T>;
