// The code generator as a back-end service: turns an imported graph into the three generated files and writes
// them, with the kernel sources the model needs, into a firmware source folder. The API contract (if exposed to
// the UI) wraps this class; the build service and the host-C engine call it directly.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Graph } from '../../../shared/ir/graph';
import { generateC, type GenerateOptions, type GeneratedCode } from './generate-c';

export interface WrittenSources {
  code: GeneratedCode;
  /** Every file written, relative to the output folder. */
  files: string[];
}

export class CodegenService {
  /** @param kernelsDir firmware-templates/kernels (tml_kernels.h, internal/, one .c per op). */
  constructor(private readonly kernelsDir: string) {}

  generate(graph: Graph, options: GenerateOptions = {}): GeneratedCode {
    return generateC(graph, options);
  }

  /** Writes model.h/model.c/model_data.c plus the needed kernels (kernels/…) into `outDir`. */
  async writeSources(graph: Graph, outDir: string, options: GenerateOptions = {}): Promise<WrittenSources> {
    const code = this.generate(graph, options);
    await mkdir(path.join(outDir, 'kernels', 'internal'), { recursive: true });
    const files: string[] = [];
    for (const f of code.files) {
      await writeFile(path.join(outDir, f.path), f.text);
      files.push(f.path);
    }
    const kernelFiles = ['tml_kernels.h', 'internal/fixedpoint.h', 'internal/dot_s8.h', 'internal/dsp.h', 'internal/requant.h', 'internal/broadcast.h', ...code.kernelFiles];
    for (const k of kernelFiles) {
      await copyFile(path.join(this.kernelsDir, k), path.join(outDir, 'kernels', k));
      files.push(`kernels/${k}`);
    }
    return { code, files };
  }
}
