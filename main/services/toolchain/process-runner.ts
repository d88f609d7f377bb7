// Runs long external programs (compilers, flashers, QEMU helpers) with an argument array — never a shell
// string — streaming their output line by line, cancellable through an AbortSignal. A program that is not
// installed becomes a TOOL_MISSING error carrying the doctor's install command for this OS.
import { spawn } from 'node:child_process';
import { ApiError } from '../../../shared/api/errors';
import { TOOL_SPECS } from '../doctor-service';
import { findExecutable } from '../tool-probe';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Kill the program after this long (ms). */
  timeoutMs?: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Bytes written to the program's stdin, then stdin is closed. */
  input?: Uint8Array | string;
}

export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function installHint(toolId: string, platform: NodeJS.Platform = process.platform): string {
  const spec = TOOL_SPECS.find((t) => t.id === toolId || t.commands.includes(toolId));
  if (!spec) return `Install ${toolId} and make sure it is on PATH; the Device area's Toolchain panel lists what is found.`;
  const cmd = platform === 'darwin' ? spec.install.macos : platform === 'win32' ? spec.install.windows : spec.install.debian;
  return `Install it with: ${cmd}  (Toolchain panel: Device area → Toolchain.)`;
}

/** Resolves a program name to its path, or throws TOOL_MISSING with the install command. */
export async function requireTool(command: string, toolId = command, purpose?: string): Promise<string> {
  const found = await findExecutable(command);
  if (found) return found;
  throw new ApiError('TOOL_MISSING', `${command} is not installed (or not on PATH)${purpose ? `; it is needed to ${purpose}` : ''}.`, installHint(toolId), { tool: toolId });
}

export function runProcess(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      const e = new Error('Cancelled.');
      e.name = 'AbortError';
      reject(e);
      return;
    }
    const child = spawn(file, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, shell: false });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const partial = { stdout: '', stderr: '' };
    const feed = (which: 'stdout' | 'stderr', chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (which === 'stdout') stdout += text;
      else stderr += text;
      if (!opts.onLine) return;
      const lines = (partial[which] + text).split(/\r?\n|\r/);
      partial[which] = lines.pop() ?? '';
      for (const l of lines) opts.onLine(l, which);
    };
    child.stdout.on('data', (c: Buffer) => feed('stdout', c));
    child.stderr.on('data', (c: Buffer) => feed('stderr', c));
    const kill = () => {
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
    };
    const onAbort = () => kill();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, opts.timeoutMs)
      : undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (e.code === 'ENOENT') reject(new ApiError('TOOL_MISSING', `${file} is not installed (or not on PATH).`, installHint(file.split(/[\\/]/).pop() ?? file)));
      else reject(new ApiError('INTERNAL', `Could not start ${file}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const which of ['stdout', 'stderr'] as const) if (partial[which] && opts.onLine) opts.onLine(partial[which], which);
      if (opts.signal?.aborted) {
        const e = new Error('Cancelled.');
        e.name = 'AbortError';
        reject(e);
        return;
      }
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}
