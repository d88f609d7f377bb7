import { describe, expect, it } from 'vitest';
import { CodeLocationRequests } from '../../commands/code-open-at';
import { codeFiles, fileForPath, isUserFile, sourcesDir } from './code-files';

// The file list a real build writes (build-firmware.ts: generated model, app files, kernels, runtime, board).
const REL = [
  'model_data.c', 'model.c', 'model.h', 'kernels/tml_kernels.h', 'kernels/fully_connected.c', 'kernels/internal/tml_fixedpoint.h',
  'tml_build_info.h', 'main.c', 'app.h', 'app.c', 'runtime/telemetry.c', 'runtime/board.h', 'board/board.c', 'board/stm32f405rg.ld',
];

describe('codeFiles', () => {
  const files = codeFiles('virtual-stm32f4', REL);

  it('only the user application file is editable; everything regenerated is read-only', () => {
    expect(files.filter((f) => !f.readOnly).map((f) => f.rel)).toEqual(['app.c']);
    expect(files.find((f) => f.rel === 'model.c')).toMatchObject({ readOnly: true, group: 'model', language: 'c', path: 'build/virtual-stm32f4/src/model.c' });
    expect(files.find((f) => f.rel === 'board/stm32f405rg.ld')!.language).toBe('plaintext');
  });

  it('orders the tree: the app file first, then model.h, model.c, model_data.c', () => {
    expect(files[0].rel).toBe('app.c');
    const model = files.filter((f) => f.group === 'model').map((f) => f.rel);
    expect(model).toEqual(['model.h', 'model.c', 'model_data.c', 'tml_build_info.h']);
    expect(files.map((f) => f.group)).toEqual([...files.map((f) => f.group)].sort((a, b) => ['app', 'model', 'kernels', 'runtime', 'board'].indexOf(a) - ['app', 'model', 'kernels', 'runtime', 'board'].indexOf(b)));
  });

  it('isUserFile recognizes the user file of any board only', () => {
    expect(isUserFile('build/nucleo-f446re/src/app.c')).toBe(true);
    expect(isUserFile('build/nucleo-f446re/src/model.c')).toBe(false);
    expect(isUserFile('build/nucleo-f446re/src/kernels/app.c')).toBe(false);
    expect(isUserFile('src/app.c')).toBe(false);
  });

  it('maps compiler paths back to tree files', () => {
    const dir = '/home/u/Sample';
    const abs = `${dir}/${sourcesDir('virtual-stm32f4')}/app.c`;
    expect(fileForPath(files, abs, dir)?.rel).toBe('app.c');
    expect(fileForPath(files, 'build/virtual-stm32f4/src/kernels/fully_connected.c', dir)?.rel).toBe('kernels/fully_connected.c');
    expect(fileForPath(files, '/elsewhere/build/virtual-stm32f4/src/model.c', dir)?.rel).toBe('model.c');
    expect(fileForPath(files, 'src/kernels/internal/tml_fixedpoint.h', null)?.rel).toBe('kernels/internal/tml_fixedpoint.h');
    expect(fileForPath(files, '/usr/include/stdio.h', dir)).toBeNull();
  });
});

describe('CodeLocationRequests', () => {
  it('keeps a request until the Code area takes it, and tells live subscribers', () => {
    const r = new CodeLocationRequests();
    r.request({ file: 'a.c', line: 3 });
    const seen: number[] = [];
    const off = r.subscribe((l) => seen.push(l.line));
    r.request({ file: 'a.c', line: 7, column: 2 });
    expect(seen).toEqual([7]);
    expect(r.take()).toEqual({ file: 'a.c', line: 7, column: 2 });
    expect(r.take()).toBeNull();
    off();
    r.request({ file: 'b.c', line: 1 });
    expect(seen).toEqual([7]);
  });
});
