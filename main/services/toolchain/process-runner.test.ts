import { describe, expect, it } from 'vitest';
import { requireTool, runProcess } from './process-runner';

describe('runProcess', () => {
  it('streams lines from a real program and returns its exit code', async () => {
    const lines: string[] = [];
    const out = await runProcess(process.execPath, ['-e', 'console.log("a");console.error("b");console.log("c");process.exit(3)'], { onLine: (l) => lines.push(l) });
    expect(out.code).toBe(3);
    expect(lines.sort()).toEqual(['a', 'b', 'c']);
  });

  it('passes arguments verbatim: no shell ever sees them', async () => {
    const evil = '$(touch /tmp/should-not-exist); `id` && echo pwned';
    const out = await runProcess(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', evil]);
    expect(out.stdout).toBe(evil);
  });

  it('cancels a running program through the AbortSignal', async () => {
    const ac = new AbortController();
    const p = runProcess(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('turns a missing program into TOOL_MISSING with an install command', async () => {
    await expect(runProcess('definitely-not-a-tool-xyz', [])).rejects.toMatchObject({ code: 'TOOL_MISSING' });
    const err = await requireTool('st-flash-not-here', 'st-flash', 'flash ST-LINK boards').catch((e) => e);
    expect(err.code).toBe('TOOL_MISSING');
    expect(err.message).toMatch(/st-flash-not-here is not installed.*flash ST-LINK boards/);
    expect(err.hint).toMatch(/Install it with: .*stlink/);
  });
});
