// Finds external programs and asks them their version, without a shell: PATH is searched by hand and the program
// is started with an argument array, so no user-controlled string is ever parsed by sh or cmd.exe.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface ProbeEnv {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

const defaultProbeEnv = (): ProbeEnv => ({ env: process.env, platform: process.platform });

/** Looks `name` up on PATH like the OS would (PATHEXT on Windows). Returns the absolute path or null. */
export async function findExecutable(name: string, probeEnv: ProbeEnv = defaultProbeEnv()): Promise<string | null> {
  const { env, platform } = probeEnv;
  const pathVar = (platform === 'win32' ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  const sep = platform === 'win32' ? ';' : ':';
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean).map((e) => e.toLowerCase())] : [''];
  for (const dir of pathVar.split(sep)) {
    if (!dir) continue; // an empty PATH entry would mean the cwd: never search there
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (await isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return null;
}

export async function isExecutableFile(p: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    if (!st.isFile()) return false;
    if (platform !== 'win32') await fs.access(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RunResult {
  /** Exit code, or null when killed (timeout) or not started. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the program could not be started at all (ENOENT, EACCES, …). */
  startError?: string;
}

/**
 * Runs `file args…` and collects its output. Never throws: tools print versions with odd exit codes
 * (some exit 1 after --help), so the caller judges the output, not the status.
 */
export function runTool(file: string, args: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      [...args],
      { timeout: opts.timeoutMs ?? 5000, env: opts.env, windowsHide: true, maxBuffer: 1024 * 1024, encoding: 'utf8', killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string }) | null;
        const timedOut = !!e?.killed && e.signal === 'SIGKILL';
        const startError = e && typeof e.code === 'string' ? `${e.code}: ${e.message}` : undefined;
        const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        resolve({ code, stdout: stdout ?? '', stderr: stderr ?? '', timedOut, startError });
      },
    );
    // Give the tool an immediate EOF so one that reads stdin does not sit until the timeout.
    child.stdin?.end();
  });
}

/** First `major.minor[.patch…]` in the text; a fallback when a tool's own version format is unknown. */
export function firstVersion(text: string): string | null {
  return /\d+\.\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?/.exec(text)?.[0] ?? null;
}
