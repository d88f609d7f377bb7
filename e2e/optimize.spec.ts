// The Optimize wizard against the real web host on the sample project (int8 sine model, no dataset): the Data
// step offers calibration from the model's own input range; the Quantize step asks for the float original
// (hello_world float, imported through the file input), calibrates and evaluates it as a job, shows float vs
// int8 and the per-layer SQNR table, and re-runs with the worst layer kept in float; the Compare step shows the
// variants as a table and a chart, and "Use this variant" makes the int8 model the project's active model,
// which the Memory area follows. Screenshots go to e2e/artifacts/wizard-*.png.
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { chainDesign } from '../shared/designer/chain-design';
import { seededRandom } from '../shared/designer/seeded-random';
import { artifacts, expect, models, showArea, test, type WebHostHandle } from './fixtures';

test('calibrate, evaluate, compare and pick the int8 variant; the Memory area follows', async ({ app }) => {
  test.setTimeout(180_000);
  await app.setViewportSize({ width: 1440, height: 900 });
  await showArea(app, 'Optimize');
  const hidePanel = app.getByRole('button', { name: 'Hide panel' });
  if (await hidePanel.isVisible()) await hidePanel.click();

  // Data: no dataset; calibration inputs come from the int8 sine model's input quantization (x in [0, 2π]).
  await expect(app.getByTestId('no-dataset')).toContainText('This project has no dataset');
  const synth = app.getByTestId('synth-card');
  await expect(synth).toContainText("sine's int8 input quantization");
  const hi = Number(await synth.getByLabel('Range maximum').inputValue());
  expect(hi).toBeGreaterThan(6);
  expect(hi).toBeLessThan(6.6);
  await expect(synth.locator('.u-over')).toBeVisible();
  await app.screenshot({ path: path.join(artifacts, 'wizard-data.png') });
  await synth.getByRole('button', { name: 'Use these inputs and continue' }).click();

  // Quantize: sine is already int8, so import its float original.
  await expect(app.getByTestId('need-float')).toContainText('sine is already int8');
  await app.getByLabel('Import float model').setInputFiles(path.join(models, 'tflm_hello_world_float.tflite'));
  await expect(app.getByRole('heading', { name: /Quantize .*hello_world_float.* to int8/ })).toBeVisible({ timeout: 20_000 });
  await app.getByLabel('Calibration samples').fill('256');
  await app.getByRole('button', { name: 'Calibrate and evaluate' }).click();
  const results = app.getByTestId('quantize-results');
  await expect(results).toBeVisible({ timeout: 60_000 });
  await expect(results).toContainText('256 samples');
  await expect(results).toContainText('int8 output RMSE');
  const rmse = Number((await results.locator('.opt-figure').nth(1).locator('.opt-figure-value').innerText()).trim());
  // The docs measure max |err| 0.05 for hello_world calibrated over [0, 2π]; the RMSE is well under that.
  expect(rmse).toBeGreaterThan(0);
  expect(rmse).toBeLessThan(0.05);
  const table = app.getByRole('table', { name: 'Per-layer quantization error' });
  await expect(table.locator('tbody tr')).toHaveCount(4); // INPUT + 3 FULLY_CONNECTED
  await expect(table.locator('tr.opt-worst')).toHaveCount(1);
  await expect(table.locator('tr.opt-worst')).toContainText('this layer loses most');
  await table.locator('tr.opt-worst').scrollIntoViewIfNeeded();
  await app.screenshot({ path: path.join(artifacts, 'wizard-quantize.png') });

  // Remedy: keep the worst layer in float and re-run: a mixed-precision variant.
  await table.locator('tr.opt-worst input[type=checkbox]').check();
  await app.getByRole('button', { name: 'Run with 1 layer in float' }).click();
  await expect(results).toContainText('1 layer float', { timeout: 60_000 });
  await expect(results).toContainText('In float:');

  // Compare: float, int8 and mixed, as a table and a chart.
  await app.getByRole('button', { name: 'Compare variants →' }).click();
  const compare = app.getByTestId('compare-table');
  await expect(compare.locator('tbody tr')).toHaveCount(3, { timeout: 30_000 });
  await expect(compare).toContainText('float32 (original)');
  await expect(compare).toContainText('int8 · min/max');
  const chart = app.getByTestId('compare-chart');
  await expect(chart.locator('[data-point]')).toHaveCount(3);
  const flash = async (id: string) => Number((await compare.locator(`tr[data-variant="${id}"] td`).nth(2).innerText()).replace(/[^\d.]/g, ''));
  expect(await flash('models/tflm_hello_world_float_int8.tflite')).toBeLessThan(await flash('float32'));
  await app.getByTestId('compare-table').scrollIntoViewIfNeeded();
  await app.screenshot({ path: path.join(artifacts, 'wizard-compare.png') });

  // Pick the int8 variant: it becomes the active model and the Memory area shows it.
  await compare.getByRole('button', { name: 'Use int8 · min/max', exact: true }).click();
  await expect(compare.locator('tr[data-variant="models/tflm_hello_world_float_int8.tflite"]')).toContainText('active model');
  await showArea(app, 'Memory');
  await expect(app.getByTestId('memory-model')).toHaveValue('models/tflm_hello_world_float_int8.tflite');
});

/** A bare API client over the host's WebSocket (the same wire the page uses), to set up a project quickly. */
async function apiClient(host: WebHostHandle) {
  const u = new URL(host.url);
  const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token')}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (m: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    if (m.type === 'result') pending.get(m.id)?.(m);
  });
  const call = <T>(service: string, method: string, ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, (m) => (m.ok ? resolve(m.value as T) : reject(new Error(`${service}.${method}: ${m.error?.message}`))));
      ws.send(JSON.stringify({ type: 'call', id, service, method, args }));
    });
  return { call, close: () => ws.close() };
}

test('a designer model: quantization-aware fine-tuning and the accuracy-vs-sparsity curve', async ({ app, host }) => {
  test.setTimeout(240_000);
  await app.setViewportSize({ width: 1440, height: 900 });
  // Set-up through the API: a 3-class tabular dataset (Gaussian blobs, 8 features), a small Dense design, trained.
  const api = await apiClient(host);
  const r = seededRandom(5);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const centres = [0, 1, 2].map(() => Array.from({ length: 8 }, () => (r() - 0.5) * 3));
  const lines = ['f0,f1,f2,f3,f4,f5,f6,f7,label'];
  for (let i = 0; i < 360; i++) lines.push([...centres[i % 3].map((c) => (c + gauss()).toFixed(4)), `c${i % 3}`].join(','));
  const csv = path.join(host.home, 'blobs.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  await api.call('dataset', 'importCsv', 'blobs', csv, 'label');
  const design = chainDesign('blobs-mlp', [
    { kind: 'Input', params: { shape: [8] } },
    { kind: 'Dense', params: { units: 24, activation: 'relu' } },
    { kind: 'Dense', params: { units: 3 } },
    { kind: 'Softmax' },
  ]);
  await api.call('project', 'writeText', 'models/blobs.design.json', JSON.stringify(design));
  const info = await api.call<{ manifest: { models: unknown[] } }>('project', 'current');
  await api.call('project', 'update', { models: [...info.manifest.models, { id: 'blobs', path: 'models/blobs.design.json', kind: 'design' }], activeModel: 'blobs' });
  const { jobId } = await api.call<{ jobId: string }>('training', 'train', { modelId: 'blobs', dataset: 'blobs', epochs: 15, batchSize: 32, patience: 0 });
  await expect.poll(async () => (await api.call<{ jobId: string; state: string }[]>('jobs', 'list')).find((j) => j.jobId === jobId)?.state, { timeout: 90_000 }).toBe('done');
  api.close();

  await showArea(app, 'Optimize');
  const hidePanel = app.getByRole('button', { name: 'Hide panel' });
  if (await hidePanel.isVisible()) await hidePanel.click();
  await app.getByLabel('Model to optimize').selectOption('blobs');
  await app.getByRole('navigation', { name: 'Optimize steps' }).getByRole('button', { name: /Quantize/ }).click();
  const remedies = app.getByTestId('design-remedies');
  await expect(remedies).toContainText('Use it when int8 loses more than a point or two');
  await remedies.getByRole('checkbox', { name: /Quantization-aware fine-tuning/ }).check();
  await remedies.getByLabel('QAT epochs').fill('2');
  await remedies.getByRole('checkbox', { name: /Accuracy-vs-sparsity curve/ }).check();
  await remedies.getByLabel('Sparsities (%)').fill('0, 50, 101');
  await expect(remedies.getByRole('alert')).toContainText('at most 99');
  await expect(app.getByRole('button', { name: 'Build and evaluate variants' })).toBeDisabled();
  await remedies.getByLabel('Sparsities (%)').fill('0, 50, 90');
  await app.getByRole('button', { name: 'Build and evaluate variants' }).click();
  const results = app.getByTestId('quantize-results');
  await expect(results).toContainText('int8 (QAT) accuracy', { timeout: 120_000 });
  await app.screenshot({ path: path.join(artifacts, 'wizard-qat.png') });

  await app.getByRole('button', { name: 'Compare variants →' }).click();
  const compare = app.getByTestId('compare-table');
  await expect(compare.locator('tr[data-variant="int8-qat"]')).toContainText('int8 (QAT)', { timeout: 30_000 });
  const curve = app.getByTestId('sparsity-curve');
  await expect(curve.locator('.u-over')).toBeVisible();
  const points = curve.getByRole('table', { name: 'Sparsity curve points' }).locator('tbody tr');
  await expect(points).toHaveCount(3);
  await expect(points.nth(2)).toContainText('90 %');
  // At 90 % sparsity the model keeps about a tenth of its kernel weights (biases are not pruned).
  const nz = (await points.nth(2).locator('td').nth(4).innerText()).split('/').map((v) => Number(v.trim()));
  expect(nz[0] / nz[1]).toBeLessThan(0.2);
  await curve.scrollIntoViewIfNeeded();
  await app.screenshot({ path: path.join(artifacts, 'wizard-sparsity.png') });

  // Export: the int8 variant as .tflite and the float model as TensorFlow.js, both into <project>/exports/.
  await compare.scrollIntoViewIfNeeded();
  await compare.getByRole('button', { name: 'Export int8 as .tflite', exact: true }).click();
  await expect(app.locator('.toast-message').filter({ hasText: 'to exports/blobs-int8.tflite' })).toBeVisible({ timeout: 20_000 });
  await compare.getByRole('button', { name: 'Export float32 as TensorFlow.js', exact: true }).click();
  await expect(app.locator('.toast-message').filter({ hasText: 'exports/blobs-float32-tfjs/model.json' })).toBeVisible({ timeout: 20_000 });
  const api2 = await apiClient(host);
  const dir = (await api2.call<{ dir: string }>('project', 'current')).dir;
  api2.close();
  // The export is the evaluated variant byte for byte; the tfjs model's weights file holds every weight listed.
  expect(readFileSync(path.join(dir, 'exports/blobs-int8.tflite')).equals(readFileSync(path.join(dir, 'models/blobs.variants/int8.tflite')))).toBe(true);
  const json = JSON.parse(readFileSync(path.join(dir, 'exports/blobs-float32-tfjs/model.json'), 'utf8'));
  const params = (json.weightsManifest[0].weights as { shape: number[] }[]).reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1), 0);
  expect(params).toBe(8 * 24 + 24 + 24 * 3 + 3);
  expect(readFileSync(path.join(dir, 'exports/blobs-float32-tfjs/weights.bin')).length).toBe(params * 4);
});
