// The device service reads the project's model through the same confinement as every other service: a model
// entry that is a symbolic link to a file outside the project is refused before anything is built or flashed.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/api/wire';
import { composeApp } from '../../compose';
import { liveQemuCount } from '../virtual-board/qemu-runner';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const modelFile = path.resolve(repoRoot, '../shared/models/models/tflm_hello_world_int8.tflite');
const home = mkdtempSync(path.join(tmpdir(), 'tml-devconfine-'));
const app = composeApp({ homeDir: home });
const events: EventMessage[] = [];
app.events.subscribe((m) => events.push(m));
afterAll(async () => {
  await app.dispose();
  rmSync(home, { recursive: true, force: true });
});

describe('DeviceServiceImpl model path confinement', () => {
  it('refuses to flash a model whose file is a symlink leading outside the project', async () => {
    const outside = path.join(home, 'elsewhere');
    mkdirSync(outside);
    copyFileSync(modelFile, path.join(outside, 'secret.tflite'));
    const dir = path.join(home, 'proj');
    await app.services.project.create(dir, 'p', 'virtual-stm32f4');
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    symlinkSync(path.join(outside, 'secret.tflite'), path.join(dir, 'models/net.tflite'));
    await app.services.project.update({ models: [{ id: 'm', path: 'models/net.tflite', kind: 'tflite' }], activeModel: 'm' });

    const { jobId } = await app.services.device.flash({ deviceId: 'virtual:virtual-stm32f4' });
    await app.jobs.whenSettled(jobId);
    const done = events.find((e) => e.name === 'job.done' && (e.payload as { jobId: string }).jobId === jobId)!.payload as { state: string; error?: { code: string; message: string; hint?: string } };
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'USER_ERROR', message: expect.stringMatching(/models\/net\.tflite.*outside the project folder through a symbolic link/) });
    expect(done.error!.hint).toMatch(/Copy the file into the project/);
    // Refused before the build: no build folder, no QEMU.
    expect(liveQemuCount()).toBe(0);
    expect(existsSync(path.join(dir, 'build'))).toBe(false);
  }, 30_000);
});
