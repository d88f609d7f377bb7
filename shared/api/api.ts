// The whole back-end API: every service by name. Add a service here and both hosts serve it,
// the client can call it, and the dispatcher validates it.
import { buildServiceSpec } from './build-service';
import { datasetServiceSpec } from './dataset-service';
import type { ServiceOf } from './contract';
import { deviceServiceSpec } from './device-service';
import { doctorServiceSpec } from './doctor-service';
import { jobsServiceSpec } from './jobs-service';
import { modelServiceSpec } from './model-service';
import { projectServiceSpec } from './project-service';
import { quantizeServiceSpec } from './quantize-service';
import { trainingServiceSpec } from './training-service';

export const apiContract = {
  project: projectServiceSpec,
  doctor: doctorServiceSpec,
  jobs: jobsServiceSpec,
  model: modelServiceSpec,
  device: deviceServiceSpec,
  build: buildServiceSpec,
  dataset: datasetServiceSpec,
  training: trainingServiceSpec,
  quantize: quantizeServiceSpec,
} as const;

export type ApiContract = typeof apiContract;
export type ServiceName = keyof ApiContract;
export type Api = { [S in ServiceName]: ServiceOf<ApiContract[S]> };
export type ProjectService = Api['project'];
export type DoctorService = Api['doctor'];
export type JobsService = Api['jobs'];
export type ModelService = Api['model'];
export type DeviceService = Api['device'];
export type BuildService = Api['build'];
export type DatasetService = Api['dataset'];
export type TrainingService = Api['training'];
export type QuantizeService = Api['quantize'];
