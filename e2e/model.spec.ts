// The Model area against the real web host: import person_detect and inspect it, then build a model in the
// designer, break its shapes (by rewiring, then by a parameter) and fix them (undo, then an edit), save it and reopen it after a reload. Screenshots go to e2e/artifacts/.
import path from 'node:path';
import { artifacts, expect, models, showArea, test } from './fixtures';

test('imports a .tflite model, draws every operator and inspects a CONV_2D', async ({ app }) => {
  await showArea(app, 'Model');
  await app.getByTestId('model-file-input').setInputFiles(path.join(models, 'tflm_person_detect.tflite'));
  const ops = app.locator('[data-testid="graph-node"][data-kind="op"]');
  await expect(ops).toHaveCount(31, { timeout: 20_000 });
  await expect(app.getByTestId('graph-summary')).toContainText('31 ops');
  await expect(app.getByTestId('status-model')).toContainText('210,706 params');
  await expect(app.getByTestId('graph-minimap')).toBeVisible();
  await app.screenshot({ path: path.join(artifacts, 'graph.png') });

  // Search zooms to and selects the first CONV_2D; the inspector shows its tensors and per-channel scales.
  await app.getByTestId('graph-search').fill('CONV_2D');
  await app.getByTestId('graph-search').press('Enter');
  const inspector = app.getByTestId('inspector');
  await expect(inspector.getByTestId('inspector-title')).toHaveText(/CONV_2D/);
  const conv = app.locator('[data-testid="graph-node"][data-op-type="CONV_2D"]').first();
  await conv.click();
  await expect(inspector.getByTestId('inspector-title')).toHaveText('CONV_2D');
  await expect(inspector.locator('[data-tensor-role="input"] [data-testid="tensor-shape"]')).toHaveText(/^1×\d+×\d+×\d+$/);
  await expect(inspector.locator('[data-tensor-role="output"] [data-testid="tensor-shape"]')).toHaveText(/^1×\d+×\d+×\d+$/);
  await expect(inspector.getByTestId('per-channel-scales').first()).toContainText(/\d+ scales/);
  await expect(inspector.getByTestId('weight-histogram')).toBeVisible();
  await app.screenshot({ path: path.join(artifacts, 'inspector.png') });
});

test('designs a model, sees a shape error on the node, fixes it, saves and reopens it', async ({ app }) => {
  await showArea(app, 'Model');
  await app.getByTestId('tab-designer').click();
  await app.getByRole('button', { name: 'New', exact: true }).click();
  await app.getByTestId('design-name').fill('mnist_cnn');
  const canvas = app.getByTestId('design-canvas');
  const kinds = ['Input', 'Conv2D', 'ReLU', 'MaxPool', 'Flatten', 'Dense', 'Softmax'];
  for (const [i, kind] of kinds.entries()) {
    await app.getByTestId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x: 260, y: 50 + i * 85 } });
  }
  const layer = (kind: string) => app.locator(`[data-testid="design-layer"][data-layer-kind="${kind}"]`);
  await expect(app.getByTestId('design-layer')).toHaveCount(7);

  const connect = async (from: string, to: string) => {
    const port = await layer(from).getByTestId('port-out').boundingBox();
    const target = await layer(to).locator('rect').nth(0).boundingBox();
    await app.mouse.move(port!.x + port!.width / 2, port!.y + port!.height / 2);
    await app.mouse.down();
    await app.mouse.move(target!.x + target!.width / 2, target!.y + 20, { steps: 5 });
    await app.mouse.up();
  };
  for (let i = 0; i + 1 < kinds.length; i++) await connect(kinds[i], kinds[i + 1]);
  await expect(app.getByTestId('design-edge')).toHaveCount(6);
  await expect(app.getByTestId('layer-error')).toHaveCount(0);
  await expect(layer('Dense').getByTestId('layer-shape')).toContainText('[10]');
  await expect(app.getByTestId('design-stats')).toContainText('13,610 params');
  // The status bar follows the design live.
  await expect(app.getByTestId('status-model')).toContainText('13,610 params');

  // Delete the Flatten and wire MaxPool straight into Dense: the error shows on the Dense layer.
  await layer('Flatten').locator('rect').nth(0).click();
  await app.keyboard.press('Delete');
  await connect('MaxPool', 'Dense');
  await expect(layer('Dense').getByTestId('layer-error')).toHaveText('Dense expects a 1-D input per sample but gets [13,13,8]; add Flatten before it.');
  await app.screenshot({ path: path.join(artifacts, 'designer.png') });

  // Undo both steps: the Flatten is back and the error is gone.
  await app.keyboard.press('Control+z');
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('layer-error')).toHaveCount(0);
  await expect(app.getByTestId('design-layer')).toHaveCount(7);

  // An edit breaks the shapes and an edit fixes them: a 40×40 kernel cannot fit a 28×28 input (VALID padding).
  await layer('Conv2D').locator('rect').nth(0).click();
  const kernel = app.getByTestId('layer-inspector').getByTestId('param-kernel');
  await kernel.fill('40, 40');
  await kernel.press('Enter');
  await expect(layer('Conv2D').getByTestId('layer-error')).toHaveCount(1);
  await expect(app.getByTestId('layer-inspector').locator('.inspector-warning')).toBeVisible();
  await kernel.fill('3, 3');
  await kernel.press('Enter');
  await expect(app.getByTestId('layer-error')).toHaveCount(0);
  await expect(app.getByTestId('design-stats')).toContainText('13,610 params');

  await app.getByTestId('design-save').click();
  await expect(app.getByTestId('design-message')).toContainText('Saved models/mnist_cnn.design.json');

  await app.reload();
  await showArea(app, 'Model');
  await app.getByTestId('tab-designer').click();
  await app.getByTestId('design-open').selectOption({ label: 'mnist_cnn' });
  await expect(app.getByTestId('design-name')).toHaveValue('mnist_cnn');
  await expect(app.getByTestId('design-layer')).toHaveCount(7);
  await expect(app.getByTestId('design-edge')).toHaveCount(6);
  await expect(app.getByTestId('layer-error')).toHaveCount(0);
});
