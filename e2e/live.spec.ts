// Flash and live against the real web host: import micro_speech, flash the virtual board (build → QEMU → GDB),
// wait for its HELLO, validate on target against the golden cases, and expect 100 % exact agreement.
// Screenshots of the dashboard and the validation report go to e2e/artifacts/.
import path from 'node:path';
import { artifacts, expect, repoRoot, test } from './fixtures';

const shared = path.resolve(repoRoot, '../shared/models');

test('flashes micro_speech onto the virtual board and validates it on target', async ({ app }) => {
  test.setTimeout(240_000);
  const nav = app.getByRole('navigation', { name: 'Work areas' });
  await nav.getByRole('button', { name: 'Model', exact: true }).click();
  await app.getByTestId('model-file-input').setInputFiles(path.join(shared, 'models/tflm_micro_speech_quantized.tflite'));
  await expect(app.locator('[data-testid="graph-node"][data-kind="op"]').first()).toBeVisible({ timeout: 30_000 });

  // Name the four outputs in the Project area's Models table: the dashboard and the report use the names.
  await nav.getByRole('button', { name: 'Project', exact: true }).click();
  await app.getByRole('button', { name: /^Edit labels of tflm_micro_speech/ }).click();
  await app.getByRole('dialog').getByLabel('Class labels').fill('silence, unknown, yes, no');
  await expect(app.getByTestId('labels-count')).toContainText('4 labels');
  await app.getByTestId('labels-save').click();
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app.locator('.models-table')).toContainText('4: silence, unknown, yes, no');

  await expect(app.getByTestId('status-device')).toHaveText('No device');
  await nav.getByRole('button', { name: 'Device', exact: true }).click();
  await app.getByRole('option', { name: /QEMU/ }).first().click();
  await app.getByLabel('Model to flash').selectOption({ label: 'models/tflm_micro_speech_quantized.tflite' });
  await app.getByTestId('flash-button').click();
  await expect(app.getByTestId('hello-line')).toContainText('HELLO', { timeout: 180_000 });
  await expect(app.getByTestId('status-device')).toHaveText(/^Virtual STM32F4 · connected/);

  await nav.getByRole('button', { name: 'Live', exact: true }).click();
  await app.getByRole('tab', { name: 'Validate' }).click();
  await app.getByLabel('Cases folder').fill(path.join(shared, 'golden/tflm_micro_speech_quantized'));
  await app.getByRole('button', { name: 'Validate on target' }).click();
  await expect(app.getByTestId('exact-agreement')).toHaveText('100% exact', { timeout: 120_000 });
  await expect(app.getByTestId('validation-report')).toContainText('18 cases');
  // The two real recordings carry labels (yes, no) and the device gets both right; the seeds have none.
  await expect(app.getByTestId('validation-report')).toContainText('100% / 100% (2 of 18 cases labelled)');
  // The confusion matrix is headed by the class names, not indices.
  await expect(app.getByTestId('validation-view')).toContainText('silence');
  await app.screenshot({ path: path.join(artifacts, 'validation-report.png') });

  await app.getByRole('tab', { name: 'Dashboard' }).click();
  await expect(app.getByTestId('inference-dashboard')).toContainText('cyc');
  await expect(app.getByTestId('inference-dashboard').locator('.bar-label')).toHaveText(['silence', 'unknown', 'yes', 'no']);
  await app.screenshot({ path: path.join(artifacts, 'live-dashboard.png') });
});
