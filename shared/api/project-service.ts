// Projects: a folder with a tinyml.json manifest. All paths the renderer sends are confined to the project folder.
import { z } from 'zod';
import { method } from './contract';
import { manifestSchema, projectPath } from '../project/manifest';

export const projectInfo = z.object({
  /** Absolute folder on the back end's machine. */
  dir: z.string(),
  manifest: manifestSchema,
});
export type ProjectInfo = z.infer<typeof projectInfo>;

export const recentEntry = z.object({ dir: z.string(), name: z.string(), openedAt: z.string() });

export const dirListing = z.object({
  dir: z.string(),
  parent: z.string().nullable(),
  entries: z.array(z.object({ name: z.string(), isDir: z.boolean(), isProject: z.boolean() })),
});

const absDir = z.string().min(1).max(4096);

export const projectServiceSpec = {
  current: method(z.tuple([]), projectInfo.nullable(), 'The open project, if any.'),
  create: method(z.tuple([absDir, z.string().min(1).max(120), z.string().max(64).optional()]), projectInfo, 'Create a new project in an empty or new folder (dir, name, board).'),
  open: method(z.tuple([absDir]), projectInfo, 'Open the project in a folder.'),
  openSample: method(z.tuple([]), projectInfo, 'Create (first time) and open the sample project.'),
  recent: method(z.tuple([]), z.array(recentEntry), 'Recently opened projects, newest first.'),
  update: method(z.tuple([manifestSchema.partial().omit({ schemaVersion: true })]), projectInfo, 'Change manifest fields and save atomically.'),
  readText: method(z.tuple([projectPath]), z.string(), 'Read a text file inside the project.'),
  writeText: method(z.tuple([projectPath, z.string().max(16 * 1024 * 1024)]), z.void(), 'Write a text file inside the project (atomic).'),
  readBinary: method(z.tuple([projectPath]), z.string(), 'Read a file inside the project, base64.'),
  writeBinary: method(z.tuple([projectPath, z.string().max(48 * 1024 * 1024)]), z.void(), 'Write a base64 file inside the project (atomic).'),
  listDir: method(z.tuple([absDir.optional()]), dirListing, 'List a folder on the back end machine, for the folder picker.'),
} as const;
