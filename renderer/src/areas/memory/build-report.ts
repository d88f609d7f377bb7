// The last build's report for a board and model, read from the file the build writes beside the ELF
// (build/<board>/build/build-report.json), so measured sizes survive a restart of the back end, unlike
// `build.lastReport()`, which lives in memory.
import type { Api } from '../../../../shared/api/api';
import { buildReport, type BuildReportData } from '../../../../shared/api/build-service';

/** Where the build service puts a board's build when no outDir is given (relative to the project). */
export function defaultBuildDir(boardId: string): string {
  return `build/${boardId}`;
}

export function baseName(p: string): string {
  return p.split('/').pop() ?? p;
}

/** The last report of a build for `boardId`, if the project has one and it is for `modelPath`; else null. */
export async function readBuildReport(api: Api, boardId: string, modelPath: string): Promise<BuildReportData | null> {
  let text: string;
  try {
    text = await api.project.readText(`${defaultBuildDir(boardId)}/build/build-report.json`);
  } catch {
    return null; // never built for this board
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = buildReport.safeParse(json);
  if (!parsed.success) return null;
  const r = parsed.data;
  return r.board === boardId && r.model === baseName(modelPath) && r.size ? r : null;
}
