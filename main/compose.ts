// Composition root: creates every service exactly once and hands each its collaborators. Both hosts (Electron,
// web) and the CLI call composeApp; nothing else constructs services, and no service looks another one up.
// To add a service: construct it below (after what it needs) and add it to `services`.
import type { Api } from '../shared/api/api';
import type { DeviceStatus } from '../shared/api/device-service';
import { DeviceServiceImpl } from './services/device/device-service';
import { SystemSerialPorts } from './services/device/serial-ports';
import { BuildServiceImpl } from './services/build/build-service';
import { DoctorServiceImpl } from './services/doctor-service';
import { EventHub } from './services/event-hub';
import { JobsServiceImpl } from './services/jobs-service';
import { ModelServiceImpl } from './services/model-service';
import { ProjectServiceImpl } from './services/project-service';
import { QuantizeServiceImpl } from './services/quantize-service';
import { DatasetServiceImpl } from './services/dataset-service';
import { TrainingServiceImpl } from './services/training-service';

export interface ComposeOptions {
  /** TinyML Studio's own state folder (recent list, sample project); see services/app-paths.ts. */
  homeDir: string;
}

export interface AppContext {
  /** The implementation of every API service; hosts hand this to the dispatcher. */
  readonly services: Api;
  /** Services publish here; hosts forward every event to their clients. */
  readonly events: EventHub;
  /** For services and hosts that start long work. */
  readonly jobs: JobsServiceImpl;
  /** Cancels running jobs and releases ports, processes and watchers. Safe to call twice. */
  dispose(): Promise<void>;
}

export function composeApp({ homeDir }: ComposeOptions): AppContext {
  const events = new EventHub();
  const jobs = new JobsServiceImpl(events);
  const project = new ProjectServiceImpl(homeDir, events);
  const doctor = new DoctorServiceImpl();
  const model = new ModelServiceImpl(project);
  // The device service is created below; the check runs only when a recording starts.
  const dataset = new DatasetServiceImpl(project, {
    jobs,
    events,
    portHeldByMonitor: async (port): Promise<boolean> => {
      const s: DeviceStatus = await device.status();
      return s.deviceId === port && (s.state === 'connected' || s.state === 'connecting' || s.state === 'flashing');
    },
  });
  const device = new DeviceServiceImpl(events, jobs, project, { ports: new SystemSerialPorts(), datasets: dataset });

  const build = new BuildServiceImpl({ jobs, projectDir: async () => (await project.current())?.dir ?? null });

  const training = new TrainingServiceImpl(project, dataset, jobs, events);
  const quantize = new QuantizeServiceImpl(project, jobs, dataset);

  const services: Api = {
    project,
    doctor,
    jobs,
    model,
    device,
    build,
    dataset,
    training,
    quantize,
  };

  // Jobs are stopped first, so no job outlives the services it uses; then every service that has a dispose().
  const disposables: Array<{ dispose(): unknown }> = [jobs];
  for (const s of Object.values(services) as unknown[]) {
    if (s !== jobs && s && typeof (s as { dispose?: unknown }).dispose === 'function') disposables.push(s as { dispose(): unknown });
  }
  let disposed: Promise<void> | null = null;
  return {
    services,
    events,
    jobs,
    dispose() {
      disposed ??= (async () => {
        for (const d of disposables) {
          try {
            await d.dispose();
          } catch (e) {
            console.error('dispose failed:', e);
          }
        }
      })();
      return disposed;
    },
  };
}
