// `tinyml compile --build`, `tinyml flash` and `tinyml validate` on the virtual board, as a script would run
// them: real arm-none-eabi-gcc, real QEMU flashed through its GDB server, real telemetry over the emulated UART.
// The device's outputs written by --out-dir must match the golden corpus under its TFLM rule (the two cases where
// TFLite and TFLM round differently included), and no QEMU may outlive a command.
//
// Not covered: exit 1 for a device that disagrees. With one model file there is no honest way to make the board
// disagree (the firmware and the reference come from the same file, and a board running another model is
// refused by its HELLO model hash before any case runs); validateOnDevice's per-value comparison that decides
// the exit code is exercised with real disagreements in shared/validation's metric tests.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GoldenComparer } from '../../../shared/interp/golden-compare';
import { liveQemuCount } from '../../services/virtual-board/qemu-runner';
import { runCliCaptured } from '../run-cli';

const repoRoot = path.resolve(__dirname, '../../..');
const modelsRoot = path.resolve(repoRoot, '../shared/models');
const goldenDir = path.join(modelsRoot, 'golden/tflm_hello_world_int8');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-validate-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => expect(liveQemuCount()).toBe(0));

const cli = (args: string[]) => runCliCaptured(args, { cwd: modelsRoot, env: { TINYML_HOME: path.join(tmp, 'home') } });
const manifest = JSON.parse(readFileSync(path.join(goldenDir, 'manifest.json'), 'utf8')) as { tflm_cross_check: { differences: { case: string; output: number; index: number; golden: number; tflm: number }[] } };

describe('tinyml on the virtual board', () => {
  it('validate --json --out-dir: every case identical to the reference, outputs pass the golden/TFLM rule, exit 0', async () => {
    // A handful of cases, including both where TFLM (and so the device) differs from TFLite's golden by one.
    const cases = path.join(tmp, 'cases');
    mkdirSync(cases);
    const names = ['seed01', 'x_m084', 'x_p000', 'x_p040', 'x_p093', 'x_p127'];
    expect(manifest.tflm_cross_check.differences.map((d) => d.case).sort()).toEqual(['x_p040', 'x_p093']);
    for (const n of names) copyFileSync(path.join(goldenDir, `${n}.in0.bin`), path.join(cases, `${n}.in0.bin`));
    const out = path.join(tmp, 'out');
    const r = await cli(['validate', 'models/tflm_hello_world_int8.tflite', '--board', 'virtual-stm32f4', '--cases', cases, '--out-dir', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as { board: string; passed: boolean; agreement: { exact: number; worse: number }; cases: { name: string; device: number[][]; exact: number; cycles: number }[]; latency: { p50: number } };
    expect(doc.board).toBe('virtual-stm32f4');
    expect(doc.passed).toBe(true);
    expect(doc.agreement).toMatchObject({ exact: 1, worse: 0 });
    expect(doc.cases.map((c) => c.name).sort()).toEqual(names);
    expect(doc.cases.every((c) => c.exact === 1 && c.cycles > 0)).toBe(true);
    expect(doc.latency.p50).toBeGreaterThan(0);

    expect(readdirSync(out).sort()).toEqual(names.map((n) => `${n}.out0.bin`));
    const cmp = new GoldenComparer('tflm_hello_world_int8', manifest.tflm_cross_check.differences);
    for (const n of names) {
      const device = new Uint8Array(readFileSync(path.join(out, `${n}.out0.bin`)));
      cmp.add(n, 0, 'int8', device, new Uint8Array(readFileSync(path.join(goldenDir, `${n}.out0.bin`))));
      // The JSON's values are the same bytes the files hold.
      expect(Uint8Array.from(doc.cases.find((c) => c.name === n)!.device[0].map((v) => v & 0xff))).toEqual(device);
    }
    const stats = cmp.stats();
    expect(stats.failures).toEqual([]);
    expect(stats.passing).toBe(names.length);
    // The device agrees with TFLM, not TFLite's golden, where the two round differently: 2 values not identical.
    expect(stats.identical).toBe(names.length - 2);
  }, 180_000);

  it('compile --build, then flash --json: verified write, and HELLO announces the build\'s model hash', async () => {
    const build = path.join(tmp, 'build');
    const c = await cli(['compile', 'models/tflm_hello_world_int8.tflite', '--board', 'virtual-stm32f4', '--out', build, '--build', '--json']);
    expect(c.code, c.err).toBe(0);
    const report = JSON.parse(c.out) as { elf: string; modelHash: number };
    expect(report.elf).toBe(path.join(build, 'build/firmware.elf'));
    const f = await cli(['flash', report.elf, '--board', 'virtual-stm32f4', '--json']);
    expect(f.code, f.err).toBe(0);
    const flashed = JSON.parse(f.out) as { method: string; verified: boolean; bytesWritten: number; hello: { board: string; modelHash: number } };
    expect(flashed).toMatchObject({ method: 'gdb-remote', verified: true, hello: { board: 'virtual-stm32f4', modelHash: report.modelHash } });
    expect(flashed.bytesWritten).toBeGreaterThan(1000);
  }, 180_000);

  it('flash of a file that is not an ELF says so', async () => {
    const r = await cli(['flash', 'golden/tflm_hello_world_int8/manifest.json', '--board', 'virtual-stm32f4']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ELF/);
  });
});
