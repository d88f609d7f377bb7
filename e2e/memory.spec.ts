// The Memory area against the real web host: a model with 1 MB of float weights fits the NUCLEO-H743ZI (2 MB
// flash) but not the NUCLEO-F446RE (512 KB); switching the board in the area moves the budget line, the
// verdict and the status bar. Then person_detect is built for the virtual board with the real arm-none-eabi-gcc
// and the bars switch from the estimate to the measured ELF sizes. Screenshots go to e2e/artifacts/.
// Last, the Nano 33 BLE: Build is enabled (the PlatformIO path) and the Export menu writes into exports/.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { artifacts, expect, models, showArea, test } from './fixtures';

async function importModel(app: Page, file: string) {
  await showArea(app, 'Model');
  await app.getByTestId('model-file-input').setInputFiles(path.join(models, file));
  await expect(app.getByTestId('model-status')).toContainText(`Imported ${file}`, { timeout: 30_000 });
}

async function pickOption(app: Page, testId: string, label: RegExp) {
  const select = app.getByTestId(testId);
  const value = await select.locator('option').filter({ hasText: label }).first().getAttribute('value');
  expect(value, `an option matching ${label}`).toBeTruthy();
  await select.selectOption(value!);
}

/** Bytes used and budget of a bar, as the component exposes them. */
async function bar(app: Page, testId: string): Promise<{ used: number; total: number }> {
  const el = app.getByTestId(testId);
  return { used: Number(await el.getAttribute('data-used')), total: Number(await el.getAttribute('data-total')) };
}

test('a model that fits one board and not another; build for the virtual board shows measured sizes', async ({ app }) => {
  test.setTimeout(180_000);
  await importModel(app, 'mlperf_ad01_autoencoder_fp32.tflite');
  await importModel(app, 'tflm_person_detect.tflite');

  await showArea(app, 'Memory');
  // The whole map in view for the first screenshots; the build below opens the Output panel again.
  await app.getByRole('button', { name: 'Hide panel' }).click();
  await pickOption(app, 'memory-model', /ad01_autoencoder_fp32/);
  const verdict = app.getByTestId('memory-verdict');

  // Fits: 2 MB of flash on the H743ZI.
  await pickOption(app, 'memory-board', /^NUCLEO-H743ZI/);
  await expect(verdict).toHaveText(/^✓Fits NUCLEO-H743ZI \/ H743ZI2: \d+% flash, \d+% RAM$/);
  await expect(app.getByTestId('status-board')).toContainText('NUCLEO-H743ZI');
  await expect(app.getByTestId('memory-source')).toHaveText('estimate');
  const flashFits = await bar(app, 'bar-flash');
  expect(flashFits.total).toBe(2048 * 1024);
  expect(flashFits.used).toBeGreaterThan(1_063_456); // at least the weights
  expect(flashFits.used).toBeLessThan(flashFits.total);
  await expect(app.getByTestId('bar-flash-margin')).toContainText('free');
  await expect(app.getByTestId('arena-box').first()).toBeVisible();
  await expect(app.getByTestId('layer-row')).toHaveCount(10);
  await app.screenshot({ path: path.join(artifacts, 'memory-fits.png') });

  // Does not fit: the same model against 512 KB of flash.
  await pickOption(app, 'memory-board', /^NUCLEO-F446RE/);
  await expect(verdict).toHaveText(/^✕Does not fit NUCLEO-F446RE: flash over by \d+ KB$/);
  await expect(app.getByTestId('status-board')).toContainText('NUCLEO-F446RE');
  const flashOver = await bar(app, 'bar-flash');
  expect(flashOver.total).toBe(512 * 1024);
  expect(flashOver.used).toBe(flashFits.used); // same model, same bytes: only the budget moved
  const overKB = Math.round((flashOver.used - flashOver.total) / 1024);
  await expect(verdict).toContainText(`flash over by ${overKB} KB`);
  await expect(app.getByTestId('bar-flash-margin')).toContainText('over by');
  await app.screenshot({ path: path.join(artifacts, 'memory-does-not-fit.png') });

  // person_detect on the virtual board: hover a tensor in the arena timeline, then build and measure.
  await pickOption(app, 'memory-model', /person_detect/);
  await pickOption(app, 'memory-board', /^Virtual STM32F4/);
  await expect(verdict).toHaveText(/^✓Fits Virtual STM32F4/);
  // 32 tensors, then the 28 kernel scratch buffers (one per CONV_2D / DEPTHWISE_CONV_2D layer, one step each).
  await expect(app.getByTestId('arena-box')).toHaveCount(32 + 28);
  await app.getByTestId('arena-box').nth(5).hover();
  await expect(app.getByTestId('arena-tooltip')).toContainText('written by #');
  await app.getByTestId('arena-box').nth(32).hover();
  await expect(app.getByTestId('arena-tooltip')).toContainText('kernel working memory of #');
  // Sorting the layer table by cycles puts the costliest layer first.
  await app.getByTestId('sort-cycles').click();
  const firstCycles = await app.getByTestId('layer-row').first().locator('td').nth(5).textContent();
  expect(firstCycles).toMatch(/M|k/);
  const estimateFlash = (await bar(app, 'bar-flash')).used;

  await app.getByTestId('memory-build').click();
  await expect(app.getByTestId('memory-source')).toHaveText('measured', { timeout: 150_000 });
  await expect(verdict).toHaveText(/^✓Fits Virtual STM32F4 \(QEMU netduinoplus2\): \d+% flash, \d+% RAM$/);
  const measured = await bar(app, 'bar-flash');
  // The measured ELF differs from the estimate, but not by much (the estimate is calibrated on real builds).
  expect(measured.used).not.toBe(estimateFlash);
  expect(Math.abs(measured.used - estimateFlash) / measured.used).toBeLessThan(0.1);
  await expect(app.locator('.output-line').filter({ hasText: 'firmware.elf: flash' })).toHaveCount(1);
  // The ELF card: section sizes and the largest symbol (person_detect's weights are the biggest arrays).
  const text = Number((await app.getByTestId('elf-text').textContent())!.replace(/[^\d]/g, ''));
  expect(text).toBeGreaterThan(200_000);
  await expect(app.getByTestId('elf-details').locator('tbody tr').first()).toContainText('tml_l');
  await app.locator('.memory-scroll').evaluate((el) => el.scrollTo(0, 0));
  await app.mouse.move(0, 0);
  await app.screenshot({ path: path.join(artifacts, 'memory-measured.png') });
});

test('Nano 33 BLE: Build takes the PlatformIO path, and the Export menu writes into the project\'s exports/', async ({ app }) => {
  test.setTimeout(120_000);
  await importModel(app, 'tflm_micro_speech_quantized.tflite');
  await showArea(app, 'Memory');
  await pickOption(app, 'memory-model', /micro_speech/);
  await pickOption(app, 'memory-board', /^Arduino Nano 33 BLE/);
  const build = app.getByTestId('memory-build');
  await expect(build).toBeEnabled();
  await expect(build).toHaveAttribute('title', /PlatformIO project .*pio run/);

  await app.getByTestId('memory-export').selectOption('sources');
  const toast = app.locator('.toast-message').filter({ hasText: 'Exported' }).first();
  await expect(toast).toHaveText(/^Exported \d+ files to .*[\\/]exports[\\/]tflm_micro_speech_quantized_sources\.zip$/, { timeout: 60_000 });
  const file = (await toast.textContent())!.replace(/^Exported \d+ files to /, '');
  const { statSync } = await import('node:fs');
  expect(statSync(file).size).toBeGreaterThan(10_000);
  for (const b of await app.getByRole('button', { name: 'Dismiss notification' }).all()) await b.click();

  await app.getByTestId('memory-export').selectOption('platformio');
  await expect(app.locator('.toast-message').filter({ hasText: /exports[\\/]tflm_micro_speech_quantized-nano33ble[\\/]platformio$/ }).first()).toBeVisible({ timeout: 60_000 });

  // The same exports are commands in the palette.
  for (const b of await app.getByRole('button', { name: 'Dismiss notification' }).all()) await b.click();
  await app.keyboard.press('Control+Shift+P');
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('textbox').fill('export arduino library');
  await expect(palette.getByRole('option').first()).toContainText('Export Arduino Library');
  await app.keyboard.press('Enter');
  await expect(app.locator('.toast-message').filter({ hasText: /exports[\\/]tflm_micro_speech_quantized_arduino\.zip$/ }).first()).toBeVisible({ timeout: 60_000 });

  // Without PlatformIO on PATH the build exports the project and says exactly what to install.
  await build.click();
  await expect(app.locator('.output-line').filter({ hasText: /pipx install platformio|pio run/ }).first()).toBeVisible({ timeout: 60_000 });
});
