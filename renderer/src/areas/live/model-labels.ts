// Class names for the model on the board. The labels the firmware was flashed with travel in the device
// status; the project's manifest may hold newer ones (edited in the Project area after flashing), and those
// win: labels are names only, they never change what the board computes.
import { useStore } from 'zustand';
import type { DeviceModelInfo } from '../../../../shared/api/device-service';
import type { ModelEntry } from '../../../../shared/project/manifest';
import { useApp } from '../../store';
import { liveStore } from './live-store';

export function labelsFor(model: DeviceModelInfo | null | undefined, projectModels: readonly ModelEntry[]): string[] | undefined {
  if (!model) return undefined;
  // The device names its model by the file's base name (see device-service modelInfo).
  const entry = projectModels.find((m) => m.path.split('/').pop() === model.name);
  if (entry?.labels?.length) return entry.labels;
  return model.labels?.length ? model.labels : undefined;
}

/** The labels of the model the connected board runs (undefined: show class indices). */
export function useDeviceLabels(): string[] | undefined {
  const model = useStore(liveStore, (s) => s.status?.model);
  const models = useApp((s) => s.project?.manifest.models);
  return labelsFor(model, models ?? []);
}
