// The project's models as the wizard sees them: which are float (quantizable), which are int8, their input
// tensor — from model.inspect, cached per path for the session (the files are replaced, not edited in place,
// by quantize runs, and a re-import gets a new path).
import { useEffect, useMemo, useState } from 'react';
import type { ModelSummaryData } from '../../../../shared/api/model-service';
import type { ModelEntry } from '../../../../shared/project/manifest';
import { useApp } from '../../store';
import { useWorkbench } from '../../workbench-context';

export type Precision = 'float32' | 'int8' | 'mixed' | 'design';

export interface WizardModel {
  entry: ModelEntry;
  precision: Precision | null;
  summary: ModelSummaryData | null;
}

/** float32 when no weight is integer and the inputs are float; int8 when the inputs are integer. */
export function precisionOf(s: Pick<ModelSummaryData, 'inputs' | 'tensors'>): Precision {
  const intWeights = s.tensors.some((t) => t.constant && (t.dtype === 'int8' || t.dtype === 'uint8'));
  const floatIn = s.inputs.every((t) => t.dtype === 'float32');
  if (!intWeights && floatIn) return 'float32';
  return floatIn ? 'mixed' : 'int8';
}

const cache = new Map<string, ModelSummaryData>();

export function useWizardModels(): { models: WizardModel[]; activeId: string | null } {
  const { api } = useWorkbench();
  const project = useApp((s) => s.project);
  const entries = useMemo(() => project?.manifest.models.filter((m) => m.kind !== 'tfjs') ?? [], [project]);
  const [, setRev] = useState(0);
  const key = `${project?.dir}|${entries.map((e) => e.path).join('|')}`;
  useEffect(() => {
    let live = true;
    for (const e of entries) {
      const k = `${project?.dir}|${e.path}`;
      if (e.kind !== 'tflite' || cache.has(k)) continue;
      api.model.inspect(e.path).then(
        (s) => {
          cache.set(k, s);
          if (live) setRev((r) => r + 1);
        },
        () => {},
      );
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  const models = entries.map((entry) => {
    const summary = cache.get(`${project?.dir}|${entry.path}`) ?? null;
    return { entry, summary, precision: entry.kind === 'design' ? ('design' as const) : summary ? precisionOf(summary) : null };
  });
  return { models, activeId: project?.manifest.activeModel ?? null };
}
