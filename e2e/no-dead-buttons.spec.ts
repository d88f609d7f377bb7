// UX audit on the sample project: in the Project, Model, Device and Live areas (each Live tab) and every
// bottom-panel tab, every visible button must have a name; a disabled one must say why (title); an enabled
// one, clicked, must do something the user can see or the back end receives — a DOM change, a dialog, a file
// chooser, a navigation, a message to the back end — and must not throw (page errors, unhandled rejections and
// console errors are all failures). Between clicks the view is put back (Escape, the area, the panel tab).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Effects {
  mutations: number;
  framesSent: number;
  requests: number;
  dialogs: number;
  fileChoosers: number;
  url: string;
}

interface View {
  name: string;
  /** Brings the page to this view from anywhere. */
  show(page: Page): Promise<void>;
  /** CSS scope of the buttons audited in this view. */
  scope: string;
}

/** Buttons whose click is the present state already (the shown tab, the current area) do nothing by design. */
const CURRENT_STATE = '[aria-selected="true"], [aria-current="page"], [aria-pressed="true"]';

/** Back to a neutral state: no dialog, no palette, no toast over the buttons. */
async function settle(page: Page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  for (const t of await page.getByRole('button', { name: 'Dismiss notification' }).all()) await t.click({ timeout: 1000 }).catch(() => {});
}

async function showArea(page: Page, title: string) {
  await settle(page);
  await page.getByRole('navigation', { name: 'Work areas' }).getByRole('button', { name: title, exact: true }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 1, name: title })).toBeVisible();
}

async function showPanelTab(page: Page, tab: string) {
  await settle(page);
  const panel = page.getByRole('region', { name: 'Panel' });
  if ((await panel.count()) === 0) await page.keyboard.press('Control+J');
  await panel.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
}

const VIEWS: View[] = [
  ...['Project', 'Model', 'Device'].map((a) => ({ name: `${a} area`, scope: 'main', show: (p: Page) => showArea(p, a) })),
  {
    name: 'Model area · Designer',
    scope: 'main',
    show: async (p: Page) => {
      await showArea(p, 'Model');
      await p.getByTestId('tab-designer').click();
    },
  },
  ...['Dashboard', 'Validate', 'Serial Monitor', 'Serial Plotter'].map((t) => ({
    name: `Live area · ${t}`,
    scope: 'main',
    show: async (p: Page) => {
      await showArea(p, 'Live');
      await p.getByRole('main').getByRole('tab', { name: t, exact: true }).click();
    },
  })),
  ...['Output', 'Problems', 'Serial'].map((t) => ({ name: `Panel · ${t}`, scope: 'section[aria-label="Panel"]', show: (p: Page) => showPanelTab(p, t) })),
  // From the Live area, so the items that open the Project or Device area visibly navigate.
  { name: 'Status bar', scope: 'footer[aria-label="Status bar"]', show: (p: Page) => showArea(p, 'Live') },
];

/** A stable key per button: its accessible name plus its index among buttons with that name. */
async function buttonKeys(page: Page, scope: string): Promise<{ key: string; name: string; nth: number; disabled: boolean; title: string }[]> {
  return page.locator(scope).first().evaluate((root) => {
    const seen = new Map<string, number>();
    const out: { key: string; name: string; nth: number; disabled: boolean; title: string }[] = [];
    for (const b of Array.from(root.querySelectorAll('button'))) {
      const r = b.getBoundingClientRect();
      const style = getComputedStyle(b);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      const name = (b.getAttribute('aria-label') || b.textContent || b.getAttribute('title') || '').replace(/\s+/g, ' ').trim();
      const nth = seen.get(name) ?? 0;
      seen.set(name, nth + 1);
      const disabled = b.disabled || b.getAttribute('aria-disabled') === 'true';
      out.push({ key: `${name}#${nth}`, name, nth, disabled, title: (b.getAttribute('title') ?? '').trim() });
    }
    return out;
  });
}

test('no dead buttons in the finished areas and panels', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app;
  const problems: string[] = [];
  const errors: string[] = [];
  const effects: Effects = { mutations: 0, framesSent: 0, requests: 0, dialogs: 0, fileChoosers: 0, url: '' };
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  page.on('request', () => effects.requests++);
  page.on('dialog', (d) => {
    effects.dialogs++;
    void d.dismiss();
  });
  page.on('filechooser', () => effects.fileChoosers++);
  // The API is a WebSocket: count the calls the page sends. The fixture navigated already, so reload once to
  // see the socket open.
  page.on('websocket', (ws) => ws.on('framesent', () => effects.framesSent++));
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Work areas' })).toBeVisible();
  await expect(page.getByTestId('status-project')).toHaveText(/sample/i);
  await page.evaluate(() => {
    const w = window as unknown as { __mutations: number };
    w.__mutations = 0;
    // The status bar ticks on its own (job progress, device rate): its changes prove nothing about a click.
    const bar = document.querySelector('footer[aria-label="Status bar"]');
    new MutationObserver((list) => (w.__mutations += list.filter((m) => !bar?.contains(m.target)).length)).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const snapshot = async (): Promise<Effects> => ({
    ...effects,
    url: page.url(),
    mutations: await page.evaluate(() => (window as unknown as { __mutations: number }).__mutations),
  });

  let clicked = 0;
  for (const view of VIEWS) {
    await view.show(page);
    const buttons = await buttonKeys(page, view.scope);
    if (process.env.AUDIT_VERBOSE) console.log(`${new Date().toISOString().slice(11, 19)} ${view.name}: ${buttons.length} buttons`, problems.length ? problems : '');
    expect(buttons.length, `${view.name} shows no buttons at all`).toBeGreaterThan(0);
    for (const b of buttons) {
      if (!b.name) problems.push(`${view.name}: a button has no name (text, aria-label or title)`);
      if (b.disabled && !b.title) problems.push(`${view.name}: "${b.name}" is disabled without saying why (no title)`);
    }
    for (const b of buttons.filter((x) => !x.disabled)) {
      await view.show(page);
      const target = page.locator(view.scope).first().locator('button:visible');
      // Re-find by the same key: the view may have re-rendered.
      const index = (await buttonKeys(page, view.scope)).findIndex((x) => x.key === b.key);
      if (index < 0) continue; // This button only shows in a state an earlier click left; the view is back to normal.
      const button = target.nth(index);
      if (await button.evaluate((el, sel) => el.matches(sel), CURRENT_STATE)) continue;
      const errorsBefore = errors.length;
      const before = await snapshot();
      await button.click({ timeout: 5000 });
      clicked++;
      // Anything at all within 2 s counts; most effects show within a frame.
      let after = before;
      for (let i = 0; i < 20; i++) {
        await page.waitForTimeout(100);
        after = await snapshot();
        if (after.mutations !== before.mutations || after.framesSent !== before.framesSent || after.requests !== before.requests || after.dialogs !== before.dialogs || after.fileChoosers !== before.fileChoosers || after.url !== before.url) break;
      }
      const observable = after.mutations !== before.mutations || after.framesSent !== before.framesSent || after.requests !== before.requests || after.dialogs !== before.dialogs || after.fileChoosers !== before.fileChoosers || after.url !== before.url;
      if (!observable) problems.push(`${view.name}: clicking "${b.name}" did nothing observable`);
      await page.waitForTimeout(150);
      if (errors.length > errorsBefore) problems.push(`${view.name}: clicking "${b.name}" → ${errors.slice(errorsBefore).join(' | ')}`);
      // A click that started a job (Flash) is cancelled so it does not run on during the rest of the audit.
      const cancel = page.getByRole('button', { name: /^Cancel/ });
      for (const c of await cancel.all()) if (await c.isVisible()) await c.click({ timeout: 1000 }).catch(() => {});
    }
  }
  expect(clicked, 'buttons clicked').toBeGreaterThan(20);
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
});

test('every empty state says what will appear and how to get it', async ({ app }) => {
  const page = app;
  const empties: { where: string; text: string }[] = [];
  for (const tab of ['Output', 'Problems']) {
    await showPanelTab(page, tab);
    const text = (await page.locator('section[aria-label="Panel"] .panel-empty').textContent()) ?? '';
    empties.push({ where: `Panel · ${tab}`, text });
  }
  await showArea(page, 'Live');
  empties.push({ where: 'Live · Dashboard', text: (await page.getByTestId('inference-dashboard').locator('.muted').first().textContent()) ?? '' });
  for (const e of empties) {
    // What appears here…
    expect(e.text.length, `${e.where}: "${e.text}"`).toBeGreaterThan(40);
    // …and how to make it appear (an action the user can take).
    expect(e.text, `${e.where} should say how to fill it`).toMatch(/\b(build|flash|run|connect|click|import|open|validate)/i);
  }
});

test('model labels are edited in the Models table, saved to tinyml.json and kept across a reload', async ({ app, host }) => {
  const page = app;
  const table = page.locator('.models-table');
  await page.getByRole('button', { name: /^Edit labels of / }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Class labels').fill('low\nmid, centre\n\nhigh\n');
  await expect(page.getByTestId('labels-count')).toContainText('3 labels');
  await page.getByTestId('labels-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(table).toContainText('3: low, mid, centre, high');
  const { readFileSync } = await import('node:fs');
  const { default: path } = await import('node:path');
  const manifest = JSON.parse(readFileSync(path.join(host.home, 'projects/sample/tinyml.json'), 'utf8')) as { models: { labels?: string[] }[] };
  expect(manifest.models[0].labels).toEqual(['low', 'mid, centre', 'high']);
  await page.reload();
  await expect(table).toContainText('3: low, mid, centre, high');
  // Clearing the text removes the labels.
  await page.getByRole('button', { name: /^Edit labels of / }).first().click();
  await page.getByRole('dialog').getByLabel('Class labels').fill('');
  await page.getByTestId('labels-save').click();
  await expect(table.locator('.labels-cell')).toContainText('none');
});
