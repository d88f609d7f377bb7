import { afterEach, describe, expect, it, vi } from 'vitest';
import { missingPrerequisite, pathMissing } from './prerequisite';

describe('missingPrerequisite', () => {
  const saved = process.env.TINYML_STRICT_TESTS;
  afterEach(() => {
    if (saved === undefined) delete process.env.TINYML_STRICT_TESTS;
    else process.env.TINYML_STRICT_TESTS = saved;
    vi.restoreAllMocks();
  });

  it('runs the test when nothing is missing', () => {
    process.env.TINYML_STRICT_TESTS = '1';
    expect(missingPrerequisite(null)).toBe(false);
    expect(missingPrerequisite(pathMissing(true, '/x'))).toBe(false);
  });

  it('skips with a printed reason on a developer machine', () => {
    delete process.env.TINYML_STRICT_TESTS;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(missingPrerequisite(pathMissing(false, '/nowhere/models'))).toBe(true);
    expect(warn).toHaveBeenCalledWith('skipping: /nowhere/models is missing');
  });

  it('fails instead of skipping in CI (TINYML_STRICT_TESTS=1)', () => {
    process.env.TINYML_STRICT_TESTS = '1';
    expect(() => missingPrerequisite('the TFLite runtime is missing')).toThrow(/TINYML_STRICT_TESTS=1 forbids skipping: the TFLite runtime is missing/);
  });
});
