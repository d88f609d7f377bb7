// Flash and live against the real web host: import micro_speech, flash the virtual board (build → QEMU → GDB),
// wait for its HELLO, validate on target against the golden cases, and expect 100 % exact agreement.
// Screenshots of the dashboard and the validation report go to e2e/artifacts/.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect, repoRoot, test } from './fixtures';

const shared = path.resolve(repoRoot, '../shared/models');
const artifacts = path.join(repoRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });

test('flashes micro_speech onto the virtual board and validates it on target', async ({ app }) => {
  test.setTimeout(240_000);
  const nav = app.getByRole('navigation', { name: 'Work areas' });
  await nav.getByRole('button', { name: 'Model', exact: true }).click();
  await app.getByTestId('model-file-input').setInputFiles(path.join(shared, 'models/tflm_micro_speech_quantized.tflite'));
  await expect(app.locator('[data-testid="graph-node"][data-kind="op"]').first()).toBeVisible({ timeout: 30_000 });

  await nav.getByRole('button', { name: 'Device', exact: true }).click();
  await app.getByRole('option', { name: /QEMU/ }).first().click();
  await app.getByLabel('Model to flash').selectOption({ label: 'models/tflm_micro_speech_quantized.tflite' });
  await app.getByTestId('flash-button').click();
  await expect(app.getByTestId('hello-line')).toContainText('HELLO', { timeout: 180_000 });

  await nav.getByRole('button', { name: 'Live', exact: true }).click();
  await app.getByRole('tab', { name: 'Validate' }).click();
  await app.getByLabel('Cases folder').fill(path.join(shared, 'golden/tflm_micro_speech_quantized'));
  await app.getByRole('button', { name: 'Validate on target' }).click();
  await expect(app.getByTestId('exact-agreement')).toHaveText('100% exact', { timeout: 120_000 });
  await expect(app.getByTestId('validation-report')).toContainText('18 cases');
  await app.screenshot({ path: path.join(artifacts, 'validation-report.png') });

  await app.getByRole('tab', { name: 'Dashboard' }).click();
  await expect(app.getByTestId('inference-dashboard')).toContainText('cyc');
  await app.screenshot({ path: path.join(artifacts, 'live-dashboard.png') });
});
