// Every event the back end pushes, with its payload schema. The renderer subscribes by name.
import { z } from 'zod';
import { deviceInfo, deviceStatus, serialLinesEvent, telemetryResultEvent, validateCaseEvent, validateSummaryEvent } from './device-service';
import { jobDoneEvent, jobInfo, jobProgressEvent } from './jobs-service';
import { datasetRecordingEvent } from './dataset-service';
import { projectInfo } from './project-service';
import { trainingMetricsEvent } from './training-service';

export const outputLineEvent = z.object({
  /** Output channel: 'build', 'flash', 'app', … (one tab/filter in the Output panel). */
  channel: z.string(),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string(),
  time: z.string(),
  /** For compiler diagnostics: where the problem is, so the UI can open it. */
  location: z.object({ file: z.string(), line: z.number(), column: z.number().optional() }).optional(),
});
export type OutputLine = z.infer<typeof outputLineEvent>;

/**
 * A native menu item (Electron) asks the renderer to do something that needs UI, e.g. 'project.new',
 * 'project.open', 'help.about', 'doctor.show'. Unknown commands are ignored by the renderer.
 */
export const uiCommandEvent = z.object({ command: z.string().min(1).max(64) });

export const apiEvents = {
  'job.started': jobInfo,
  'job.progress': jobProgressEvent,
  'job.done': jobDoneEvent,
  'output.line': outputLineEvent,
  'project.changed': projectInfo.nullable(),
  'ui.command': uiCommandEvent,
  'device.list': z.array(deviceInfo),
  'device.status': deviceStatus,
  'serial.lines': serialLinesEvent,
  'telemetry.result': telemetryResultEvent,
  'validate.case': validateCaseEvent,
  'validate.summary': validateSummaryEvent,
  'training.metrics': trainingMetricsEvent,
  'dataset.recording': datasetRecordingEvent,
} as const;

export type ApiEventName = keyof typeof apiEvents;
export type ApiEventPayload<N extends ApiEventName> = z.output<(typeof apiEvents)[N]>;
