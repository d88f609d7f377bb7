// The whole back-end API: every service by name. Add a service here and both hosts serve it,
// the client can call it, and the dispatcher validates it.
import type { ServiceOf } from './contract';
import { deviceServiceSpec } from './device-service';
import { doctorServiceSpec } from './doctor-service';
import { jobsServiceSpec } from './jobs-service';
import { modelServiceSpec } from './model-service';
import { projectServiceSpec } from './project-service';

export const apiContract = {
  project: projectServiceSpec,
  doctor: doctorServiceSpec,
  jobs: jobsServiceSpec,
  model: modelServiceSpec,
  device: deviceServiceSpec,
} as const;

export type ApiContract = typeof apiContract;
export type ServiceName = keyof ApiContract;
export type Api = { [S in ServiceName]: ServiceOf<ApiContract[S]> };
export type ProjectService = Api['project'];
export type DoctorService = Api['doctor'];
export type JobsService = Api['jobs'];
export type ModelService = Api['model'];
export type DeviceService = Api['device'];
