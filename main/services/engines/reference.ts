// The reference engine: the TS interpreter in this process (shared/interp), bit-exact with TFLM's
// reference kernels for int8.
import { Interpreter } from '../../../shared/interp/interpreter';
import type { EngineCase, EngineModel, EngineResult, InferenceEngine } from './engine';

export class ReferenceEngine implements InferenceEngine {
  readonly name = 'reference';
  readonly description = 'TinyML Studio reference interpreter (TS, TFLM-exact int8 and float32)';

  validate(model: EngineModel): void {
    new Interpreter(model.graph);
  }

  async run(model: EngineModel, cases: readonly EngineCase[], signal?: AbortSignal): Promise<EngineResult[]> {
    // Construction validates every operator, so an unsupported model fails before any case runs.
    const interpreter = new Interpreter(model.graph);
    const results: EngineResult[] = [];
    for (const c of cases) {
      signal?.throwIfAborted();
      const t0 = performance.now();
      const outputs = interpreter.run(c.inputs);
      results.push({ name: c.name, outputs, ms: performance.now() - t0 });
    }
    return results;
  }
}
