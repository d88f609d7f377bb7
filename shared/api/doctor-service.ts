// Toolchain doctor: which external tools are installed, their versions, what each is for, how to install it.
import { z } from 'zod';
import { method } from './contract';

export const toolStatus = z.object({
  id: z.string(),
  name: z.string(),
  found: z.boolean(),
  path: z.string().nullable(),
  version: z.string().nullable(),
  purpose: z.string(),
  /** Free-form note, e.g. "Debian's bossac cannot flash nRF52 (needs Arduino's fork)". */
  note: z.string().optional(),
  install: z.object({ debian: z.string(), macos: z.string(), windows: z.string() }),
  required: z.boolean(),
});
export type ToolStatus = z.infer<typeof toolStatus>;

export const doctorReport = z.object({
  checkedAt: z.string(),
  platform: z.string(),
  tools: z.array(toolStatus),
});
export type DoctorReport = z.infer<typeof doctorReport>;

export const doctorServiceSpec = {
  check: method(z.tuple([z.object({ refresh: z.boolean().optional() }).optional()]), doctorReport, 'Detect toolchains and programmers.'),
} as const;
