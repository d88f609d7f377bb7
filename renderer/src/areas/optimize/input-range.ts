// The input range calibration inputs are synthesized over, and where that range was read from.
import { int8Range } from './calibration-inputs';
import type { WizardModel } from './use-models';

export interface InputRange {
  range: [number, number];
  /** Human-readable origin, e.g. "sine's int8 input quantization". */
  origin: string;
  exact: boolean;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * An int8 model's input quantization says which real range the model was built for. Use the model's own when it
 * has one, else that of an int8 model in the project with the same input shape (typically the int8 twin of this
 * float model), else fall back to [−1, 1] and say so.
 */
export function modelInputRange(model: WizardModel, models: readonly WizardModel[]): InputRange {
  const own = model.summary?.inputs[0];
  if (own?.scale !== undefined && own.zeroPoint !== undefined && own.dtype !== 'float32') return { range: int8Range(own.scale, own.zeroPoint), origin: `${model.entry.id}'s int8 input quantization`, exact: true };
  if (own) {
    for (const m of models) {
      const t = m.summary?.inputs[0];
      if (m !== model && t && t.dtype !== 'float32' && t.scale !== undefined && t.zeroPoint !== undefined && sameShape(t.shape, own.shape)) {
        return { range: int8Range(t.scale, t.zeroPoint), origin: `${m.entry.id}'s int8 input quantization (same input shape)`, exact: true };
      }
    }
  }
  return { range: [-1, 1], origin: 'a default: no int8 model in the project states the input range — set it', exact: false };
}

export function inputElements(model: WizardModel): number {
  const t = model.summary?.inputs[0];
  return t ? t.shape.reduce((a, b) => a * Math.max(1, b), 1) : 0;
}
