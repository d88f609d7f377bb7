// `tinyml train PROJECT --model ID --dataset NAME [--epochs N]`: trains a designer model on a project dataset
// with tfjs (WASM) and keeps the best checkpoint in models/<id>.trained/.
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a designer model on a project dataset (tfjs, WASM)',
  help: `Usage: tinyml train PROJECT [--model ID] [--dataset NAME] [--epochs N] [--batch N] [--lr X] [--json]

Trains the project's designer model (default: the active model, else the first "design" model) on a dataset
in data/<NAME>/ (default: the only dataset) with Adam, early stopping on validation loss (patience 3), and
saves the best checkpoint as a tfjs model in models/<ID>.trained/. Prints one line per epoch on stderr.

Example:
  tinyml train ./my-project --epochs 10
`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('train', args, { model: { type: 'string' }, dataset: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1 });
    const app = ctx.app();
    const info = await app.services.project.open(path.resolve(ctx.cwd, positionals[0]));
    const designs = info.manifest.models.filter((m) => m.kind === 'design');
    const modelId = values.model ?? (designs.find((m) => m.id === info.manifest.activeModel) ?? designs[0])?.id;
    if (!modelId) throw userError('The project has no designer model to train.', 'Create one in the Model area (designer), or pass --model ID.');
    const datasets = await app.services.dataset.list();
    const dataset = values.dataset ?? (datasets.length === 1 ? datasets[0].name : undefined);
    if (!dataset) throw userError(datasets.length ? `The project has ${datasets.length} datasets; say which one.` : 'The project has no dataset.', datasets.length ? `Pass --dataset with one of: ${datasets.map((d) => d.name).join(', ')}.` : 'Import one in the Optimize area first.');
    const num = (v: string | undefined, what: string) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw userError(`--${what} must be a positive number (got "${v}").`, `Example: --${what} 10`);
      return n;
    };
    const training = app.services.training as unknown as import('../../services/training-service').TrainingServiceImpl;
    const r = await training.runTraining(
      { modelId, dataset, epochs: num(values.epochs, 'epochs'), batchSize: num(values.batch, 'batch'), learningRate: num(values.lr, 'lr') },
      { signal: new AbortController().signal, progress: () => undefined },
      (m) => ctx.io.err(`epoch ${m.epoch + 1}: loss ${m.loss.toFixed(4)} acc ${(m.accuracy * 100).toFixed(2)}%${m.valLoss !== null ? ` · val loss ${m.valLoss.toFixed(4)} val acc ${((m.valAccuracy ?? 0) * 100).toFixed(2)}%` : ''}`),
    );
    ctx.io.out(values.json ? jsonDocument(r) : `trained ${r.modelId}: best epoch ${r.bestEpoch + 1}${r.stoppedEarly ? ' (stopped early)' : ''}, test accuracy ${r.testAccuracy === null ? 'n/a' : (r.testAccuracy * 100).toFixed(2) + '%'}; checkpoint ${r.checkpoint}\n`);
    return 0;
  },
};
