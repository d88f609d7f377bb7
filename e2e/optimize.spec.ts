// The Optimize wizard against the real web host on the sample project (int8 sine model, no dataset): the Data
// step offers calibration from the model's own input range; the Quantize step asks for the float original
// (hello_world float, imported through the file input), calibrates and evaluates it as a job, shows float vs
// int8 and the per-layer SQNR table, and re-runs with the worst layer kept in float; the Compare step shows the
// variants as a table and a chart, and "Use this variant" makes the int8 model the project's active model,
// which the Memory area follows. Screenshots go to e2e/artifacts/wizard-*.png.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, repoRoot, test } from './fixtures';

const models = path.resolve(repoRoot, '../shared/models/models');
const artifacts = path.join(repoRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });

async function showArea(app: Page, name: string) {
  await app.getByRole('navigation', { name: 'Work areas' }).getByRole('button', { name, exact: true }).click();
  await expect(app.getByRole('main').getByRole('heading', { level: 1, name })).toBeVisible();
}

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
