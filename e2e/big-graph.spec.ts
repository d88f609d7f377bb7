// Large graphs in the Model area, against the real web host: a 3,000-operator model (written by our own .tflite
// writer) is laid out in the worker and drawn culled to the view, search still reaches its last node, and a
// 100,000-operator model shows the busy overlay whose Cancel stops the worker and "Lay out again" restarts it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Graph } from '../shared/ir/graph';
import type { Tensor } from '../shared/ir/tensor';
import { writeTflite } from '../shared/formats/tflite/writer';
import { artifacts, expect, showArea, test } from './fixtures';

/** A float chain with residual ADDs every fourth op, like a deep ResNet of tiny layers. */
function bigModel(ops: number): string {
  const tensors: Tensor[] = [];
  const t = (name: string) => {
    tensors.push({ id: tensors.length, name, dtype: 'float32', shape: [1, 4] });
    return tensors.length - 1;
  };
  const input = t('input');
  const outs = [input];
  const operators: Graph['operators'] = [];
  for (let i = 1; i <= ops; i++) {
    const out = t(`layer_${i}`);
    const residual = i >= 4 && i % 4 === 0;
    operators.push({
      id: operators.length,
      type: residual ? 'ADD' : i % 2 ? 'RELU' : 'TANH',
      inputs: residual ? [outs[i - 1], outs[i - 4]] : [outs[i - 1]],
      outputs: [out],
      attrs: residual ? { fusedActivation: 'NONE' } : {},
    });
    outs.push(out);
  }
  const graph: Graph = { name: `big_${ops}`, tensors, operators, inputs: [input], outputs: [outs[ops]] };
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tinyml-big-')), `big_${ops}.tflite`);
  writeFileSync(file, writeTflite(graph));
  return file;
}

test('a 3,000-operator model is drawn culled to the view, pans, and search reaches its last layer', async ({ app }) => {
  await showArea(app, 'Model');
  await app.getByTestId('model-file-input').setInputFiles(bigModel(3000));
  await expect(app.getByTestId('graph-summary')).toContainText('3000 ops', { timeout: 30_000 });
  const svg = app.getByTestId('graph-svg');
  await expect(svg).toHaveAttribute('data-culled', 'true');
  const drawn = app.locator('[data-testid="graph-node"]');
  await expect(drawn.first()).toBeVisible();
  const count = await drawn.count();
  expect(count).toBeGreaterThan(3);
  expect(count).toBeLessThan(400); // of 3,002 nodes (3,000 ops + input + output)

  // Dragging the canvas pans: the first op leaves the drawn set and later ones come in.
  const first = app.locator('[data-testid="graph-node"][data-node-id="op:0"]');
  await expect(first).toHaveCount(1);
  const box = (await app.getByTestId('graph-svg').boundingBox())!;
  for (let i = 0; i < 4; i++) {
    await app.mouse.move(box.x + box.width / 2, box.y + box.height - 20);
    await app.mouse.down();
    await app.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 8 });
    await app.mouse.up();
  }
  await expect(first).toHaveCount(0);

  // A click at the bottom of the minimap moves the view to the end of the graph.
  await app.getByTestId('graph-search').fill('');
  const mini = (await app.getByTestId('graph-minimap').boundingBox())!;
  await app.mouse.click(mini.x + mini.width / 2, mini.y + mini.height - 2);
  // (a minimap pixel spans ~45 layers of this tall chain, so look for the last ones rather than the output itself)
  await expect
    .poll(async () => Math.max(...(await app.locator('[data-testid="graph-node"][data-kind="op"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-node-id')!.slice(3)))))))
    .toBeGreaterThan(2900);
  await expect(first).toHaveCount(0);

  // Search for the last layer's output tensor: the view jumps there, draws it and selects its op.
  await app.getByTestId('graph-search').fill('layer_3000');
  await app.getByTestId('graph-search').press('Enter');
  await expect(app.getByTestId('inspector').getByTestId('inspector-title')).toHaveText(/ADD/);
  await expect(app.locator('[data-testid="graph-node"][data-node-id="op:2999"]')).toHaveCount(1);
  await app.screenshot({ path: path.join(artifacts, 'graph-3000.png') });
});

test('a 100,000-operator model: the busy overlay cancels the layout worker, and "Lay out again" finishes it', async ({ app }) => {
  test.setTimeout(180_000); // importing and laying out 100,000 operators twice on a 2-core machine
  await showArea(app, 'Model');
  await app.getByTestId('model-file-input').setInputFiles(bigModel(100000));
  const overlay = app.getByRole('status').filter({ hasText: 'Laying out' });
  await expect(overlay).toBeVisible({ timeout: 30_000 });
  await overlay.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Layout cancelled' })).toBeVisible();
  await expect(app.getByTestId('graph-svg')).toHaveCount(0);
  await app.getByRole('button', { name: 'Lay out again' }).click();
  await expect(app.getByTestId('graph-svg')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('graph-summary')).toContainText('100000 ops');
});
