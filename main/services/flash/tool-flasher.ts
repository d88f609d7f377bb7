// The shared shape of flashers that run one external program (st-flash, openocd, stm32flash, dfu-util,
// bossac, pio): find it, run it with an argument array, stream its output to the log, map its exit status
// and typical messages to an error that says what to do.
import { ApiError } from '../../../shared/api/errors';
import { requireTool, runProcess } from '../toolchain/process-runner';
import type { FlashContext, FlashReport } from './flasher';

export interface ToolRun {
  command: string;
  toolId: string;
  purpose: string;
  args: string[];
  cwd?: string;
  /** Known failure messages of this tool → what the user should do. */
  diagnose?: (output: string) => string | undefined;
  /** Parses a progress fraction from a line of output, if the tool prints one. */
  progress?: (line: string) => number | undefined;
  timeoutMs?: number;
  /**
   * Whether this command line makes the tool read the flash back and compare (openocd "program … verify",
   * st-flash write, bossac -v, stm32flash -v). A clean exit of a tool that only writes proves nothing about the
   * flash contents, so the report says verified only when this is true.
   */
  verifies: boolean;
  /** Why the tool does not verify, shown to the user when `verifies` is false. */
  noVerifyReason?: string;
}

export async function runFlashTool(method: string, run: ToolRun, bytes: number, ctx: FlashContext): Promise<FlashReport> {
  const t0 = Date.now();
  const exe = await requireTool(run.command, run.toolId, run.purpose);
  ctx.log(`$ ${run.command} ${run.args.join(' ')}`);
  ctx.progress(0, `Running ${run.command}…`);
  const out = await runProcess(exe, run.args, {
    cwd: run.cwd,
    signal: ctx.signal,
    timeoutMs: run.timeoutMs ?? 180_000,
    onLine: (line, stream) => {
      if (!line.trim()) return;
      ctx.log(line, stream === 'stderr' && /error|fail/i.test(line) ? 'error' : 'info');
      const f = run.progress?.(line);
      if (f !== undefined) ctx.progress(Math.max(0, Math.min(1, f)), line.trim());
    },
  });
  if (out.timedOut) throw new ApiError('DEVICE_ERROR', `${run.command} did not finish within ${Math.round((run.timeoutMs ?? 180_000) / 1000)} s.`, 'Unplug and replug the board, then flash again.');
  if (out.code !== 0) {
    const all = out.stdout + '\n' + out.stderr;
    const hint = run.diagnose?.(all) ?? 'Check the USB cable and that no other program (serial monitor, IDE) holds the board, then flash again.';
    const lastLine = all.trim().split(/\r?\n/).filter(Boolean).pop() ?? '';
    throw new ApiError('DEVICE_ERROR', `${run.command} failed (exit code ${out.code})${lastLine ? `: ${lastLine}` : ''}.`, hint);
  }
  const tool = run.toolId;
  if (!run.verifies) ctx.log(`${tool} wrote the image but did not read it back: not verified${run.noVerifyReason ? ` (${run.noVerifyReason})` : ''}.`, 'warn');
  ctx.progress(1, run.verifies ? `${tool} wrote ${bytes} bytes and verified them.` : `${tool} wrote ${bytes} bytes (not verified).`);
  return { method, bytesWritten: bytes, verified: run.verifies, seconds: (Date.now() - t0) / 1000 };
}
