// The IDE shell against the real web host: loading, the sample project, every work area, the doctor, the
// command palette, and a screenshot for review.
import path from 'node:path';
import { expect, repoRoot, test } from './fixtures';

const AREAS = ['Project', 'Model', 'Optimize', 'Memory', 'Code', 'Device', 'Live'];

test('the app loads and strips the session token from the address bar', async ({ app }) => {
  await expect(app).toHaveTitle('TinyML Studio');
  expect(new URL(app.url()).searchParams.has('token')).toBe(false);
  await expect(app.getByTestId('connection-status')).toHaveCount(0);
  // The page names its icon and the host serves it: no stray /favicon.ico request ends in a 404 console error.
  const icon = await app.locator('link[rel="icon"]').getAttribute('href');
  const res = await app.request.get(new URL(icon!, app.url()).href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/svg+xml');
});

test('the sample project is open, with its board in the status bar', async ({ app }) => {
  const project = app.getByRole('main');
  await expect(project.getByRole('heading', { level: 1, name: 'Project' })).toBeVisible();
  await expect(project.locator('.project-name')).toHaveText(/sample/i);
  await expect(app.getByTestId('status-project')).toHaveText(/sample/i);
  await expect(app.getByTestId('status-board')).toContainText(/STM32F4/);
  // The sample's model is listed.
  await expect(project.locator('.models-table tbody tr')).toHaveCount(1);
});

test('every work area opens from the activity bar', async ({ app }) => {
  const bar = app.getByRole('navigation', { name: 'Work areas' });
  for (const title of AREAS) {
    await bar.getByRole('button', { name: title, exact: true }).click();
    await expect(app.getByRole('main').getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(bar.getByRole('button', { name: title, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});

test('the doctor lists the installed ARM toolchain and QEMU with versions', async ({ app }) => {
  await app.getByTestId('status-toolchains').click();
  await expect(app.getByRole('main').getByRole('heading', { level: 1, name: 'Device' })).toBeVisible();
  const doctor = app.getByRole('region', { name: 'Toolchain doctor' });
  for (const tool of ['arm-none-eabi-gcc', 'qemu-system-arm']) {
    const row = doctor.locator(`tr[data-tool="${tool}"]`);
    await expect(row.locator('.tool-name')).toContainText(tool);
    await expect(row).toHaveClass(/tool-found/);
    await expect(row.locator('.tool-version')).toHaveText(/\d+\.\d+/);
    await expect(row.locator('.tool-path code')).toHaveText(new RegExp(`${tool}$`));
  }
  await doctor.getByRole('button', { name: /Re-check/ }).click();
  await expect(doctor.getByRole('button', { name: /Re-check/ })).toBeEnabled();
});

test('the command palette opens with Ctrl+Shift+P, filters, and runs a command', async ({ app }) => {
  await app.keyboard.press('Control+Shift+P');
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  const all = await palette.getByRole('option').count();
  await palette.getByRole('textbox').fill('show memory');
  const options = palette.getByRole('option');
  expect(await options.count()).toBeLessThan(all);
  await expect(options.first()).toContainText('View: Show Memory');
  await expect(options.first().locator('kbd')).toHaveText('Ctrl+4');
  await app.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(app.getByRole('main').getByRole('heading', { level: 1, name: 'Memory' })).toBeVisible();

  // Arrow keys move the selection; Escape closes without running anything.
  await app.keyboard.press('Control+Shift+P');
  await palette.getByRole('textbox').fill('toggle panel');
  await expect(palette.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);

  // A direct shortcut: Ctrl+1 goes back to the Project area.
  await app.keyboard.press('Control+1');
  await expect(app.getByRole('main').getByRole('heading', { level: 1, name: 'Project' })).toBeVisible();
});

test('the palette lists the areas\' actions; Build from the palette and Ctrl+Shift+B build the sample for its board', async ({ app }) => {
  test.setTimeout(300_000);
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  const buildLine = app.locator('.output-line').filter({ hasText: 'firmware.elf: flash' });
  await app.keyboard.press('Control+Shift+P');
  for (const [label, keys] of [
    ['Build: Build Firmware', ['Ctrl+Shift+B', 'Ctrl+R']],
    ['Device: Upload (Flash) to Board', ['Ctrl+U']],
    ['Live: Validate on Target', []],
    ['Model: Import Model…', []],
    ['Optimize: Quantize Model (int8)…', []],
    ['File: Save File', ['Ctrl+S']],
  ] as const) {
    const option = palette.getByRole('option').filter({ hasText: label });
    await expect(option, label).toHaveCount(1);
    await expect(option.locator('kbd')).toHaveText([...keys]);
  }
  // A disabled action stays listed and says why (nothing is connected yet).
  const disconnect = palette.getByRole('option').filter({ hasText: 'Device: Disconnect Serial Port' });
  await expect(disconnect).toHaveAttribute('aria-disabled', 'true');
  await expect(disconnect.locator('.palette-reason')).toHaveText('No board is connected.');

  // Run "Build" from the Project area: it goes to the Code area and the build's output arrives.
  await palette.getByRole('textbox').fill('build firmware');
  await expect(palette.getByRole('option').first()).toContainText('Build: Build Firmware');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('main').getByRole('heading', { level: 1, name: 'Code' })).toBeVisible();
  await expect(app.getByTestId('code-build')).toHaveText('Working…');
  await expect(buildLine).toHaveCount(1, { timeout: 150_000 });
  await expect(app.getByTestId('code-build')).toBeEnabled({ timeout: 30_000 });

  // Ctrl+Shift+B does the same from another area (it is no longer the board picker's).
  await app.getByTitle('Clear Output', { exact: true }).click();
  await expect(buildLine).toHaveCount(0);
  await app.keyboard.press('Control+1');
  await expect(app.getByRole('main').getByRole('heading', { level: 1, name: 'Project' })).toBeVisible();
  await app.keyboard.press('Control+Shift+B');
  await expect(app.getByRole('dialog', { name: 'Select Target Board' })).toHaveCount(0);
  await expect(app.getByRole('main').getByRole('heading', { level: 1, name: 'Code' })).toBeVisible();
  await expect(buildLine).toHaveCount(1, { timeout: 150_000 });

  // Ctrl+` hides and shows the panel, as in VS Code.
  await expect(app.locator('.output-line').first()).toBeVisible();
  await app.keyboard.press('Control+Backquote');
  await expect(app.locator('.output-line')).toHaveCount(0);
  await app.keyboard.press('Control+Backquote');
  await expect(app.locator('.output-line').first()).toBeVisible();
});

test('screenshot of the IDE', async ({ app }) => {
  await expect(app.getByTestId('status-toolchains')).toHaveText(/Toolchain/);
  await expect(app.getByRole('main').locator('.project-name')).toBeVisible();
  await app.screenshot({ path: path.join(repoRoot, 'e2e/artifacts/ide.png'), fullPage: false });
});

test('New Project through the in-app folder picker, then a board change from the status bar', async ({ app, host }) => {
  // Until the sample has loaded, the empty state offers a second "New Project…" button.
  await expect(app.getByTestId('status-project')).toHaveText(/sample/i);
  await app.getByRole('main').getByRole('button', { name: 'New Project…' }).click();
  const dialog = app.getByRole('dialog', { name: 'New Project' });
  await dialog.getByLabel('Name').fill('E2E Demo');
  await dialog.getByLabel('Folder path').fill(path.join(host.home, 'projects'));
  await dialog.getByRole('button', { name: 'Go' }).click();
  // The projects folder holds the sample project, marked as one.
  await expect(dialog.locator('.folder-entry.is-project')).not.toHaveCount(0);
  await expect(dialog.locator('.modal-footer-note')).toContainText('e2e-demo');
  await dialog.getByRole('button', { name: 'Create Project' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByTestId('status-project')).toHaveText('E2E Demo');
  await expect(app.getByRole('main').locator('.path')).toHaveText(/e2e-demo$/);

  await app.getByTestId('status-board').click();
  const picker = app.getByRole('dialog', { name: 'Select Target Board' });
  await picker.getByLabel('Filter boards').fill('F446');
  await picker.locator('tbody tr').first().click();
  await expect(picker).toHaveCount(0);
  await expect(app.getByTestId('status-board')).toContainText('F446RE');

  // The sample is in the recent list and opens again with one click.
  await app.getByRole('main').locator('.recent-entry', { hasText: /sample/i }).click();
  await expect(app.getByTestId('status-project')).toHaveText(/sample/i);
});
