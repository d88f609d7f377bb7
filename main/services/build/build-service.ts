// The build API: firmware builds as jobs (compiler lines on the 'build' output channel, diagnostics carry their
// location so the Output panel can open them) and memory analysis of a model on a board.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BuildService } from '../../../shared/api/api';
import type { BuildOptionsInput, BuildReportData, ExportOptionsInput, ExportResult, MemoryAnalysis } from '../../../shared/api/build-service';
import { userError } from '../../../shared/api/errors';
import type { JobStarted } from '../../../shared/api/jobs-service';
import { readTflite } from '../../../shared/formats/tflite/reader';
import type { JobsServiceImpl } from '../jobs-service';
import { analyzeModel } from './analyze-model';
import { writeFileAtomic } from '../atomic-write';
import { boardOrFail, buildFirmware } from './build-firmware';
import { arduinoLibraryZip, listFiles, sourcesZip, writePlatformioProject } from './exports';

export interface BuildServiceDeps {
  jobs: JobsServiceImpl;
  /** The open project's folder, for relative model paths and the default output folder (null: none open). */
  projectDir(): Promise<string | null>;
}

export class BuildServiceImpl implements BuildService {
  private last: BuildReportData | null = null;

  constructor(private readonly deps: BuildServiceDeps) {}

  private async resolve(p: string): Promise<{ abs: string; project: string | null }> {
    const project = await this.deps.projectDir();
    if (path.isAbsolute(p)) return { abs: p, project };
    if (!project) throw userError(`"${p}" is a relative path and no project is open.`, 'Open a project or give an absolute path.');
    return { abs: path.resolve(project, p), project };
  }

  async start(opts: BuildOptionsInput): Promise<JobStarted> {
    const board = boardOrFail(opts.board);
    const { abs, project } = await this.resolve(opts.modelPath);
    const outDir = opts.outDir ? (await this.resolve(opts.outDir)).abs : project ? path.join(project, 'build', board.id) : null;
    if (!outDir) throw userError('No output folder: no project is open.', 'Open a project or give outDir.');
    return this.deps.jobs.run('build', `Build ${path.basename(abs)} for ${board.name}`, async (ctx) => {
      const report = await buildFirmware({
        model: { path: abs }, board: board.id, outDir, optimization: opts.optimization, dsp: opts.dsp, compile: opts.compile,
        signal: ctx.signal,
        onProgress: (f, m) => ctx.progress(f, m),
        onLine: (l) => {
          const d = l.diagnostic;
          const location = d?.file && d.line !== null ? { file: path.resolve(outDir, d.file), line: d.line, ...(d.column !== null ? { column: d.column } : {}) } : undefined;
          ctx.log('build', l.level, l.text, location);
        },
      });
      this.last = report;
      return report;
    });
  }

  async lastReport(): Promise<BuildReportData | null> {
    return this.last;
  }

  /**
   * Generates the sources (no compiler needed) under <project>/exports/<model>-<board>/ and writes the export
   * beside them: platformio/ (a folder), <model>_arduino.zip or <model>_sources.zip.
   */
  async exportModel(opts: ExportOptionsInput): Promise<ExportResult> {
    const board = boardOrFail(opts.board);
    const { abs, project } = await this.resolve(opts.modelPath);
    if (!project) throw userError('Exports go into the project folder, and no project is open.', 'Open the project first, or use "tinyml compile --export-…" with --out.');
    const base = path.basename(abs).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]/g, '_');
    const exportsDir = path.join(project, 'exports');
    const outDir = path.join(exportsDir, `${base}-${board.id}`);
    const report = await buildFirmware({ model: { path: abs }, board: board.id, outDir, compile: false });
    const src = path.join(outDir, 'src');
    if (opts.format === 'platformio') {
      const dir = path.join(outDir, 'platformio');
      await writePlatformioProject(src, dir, board, report.model);
      return { format: opts.format, path: dir, files: (await listFiles(dir)).length };
    }
    const file = path.join(exportsDir, `${base}_${opts.format === 'arduino' ? 'arduino' : 'sources'}.zip`);
    const zip = opts.format === 'arduino' ? await arduinoLibraryZip(src, `${base}_model`, board, report.model) : await sourcesZip(src, `${base}_sources`);
    await writeFileAtomic(file, zip);
    // Entries of the archive: the end-of-central-directory record (the writer adds no comment) is the last 22 bytes.
    const entries = zip[zip.length - 12] | (zip[zip.length - 11] << 8);
    return { format: opts.format, path: file, files: entries };
  }

  async analyze(modelPath: string, boardId: string): Promise<MemoryAnalysis> {
    const board = boardOrFail(boardId);
    const { abs } = await this.resolve(modelPath);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(abs));
    } catch {
      throw userError(`Cannot read the model ${abs}.`, 'Check the path.');
    }
    return analyzeModel(readTflite(bytes), board, path.basename(abs));
  }
}
