// Finds the TFLite 2.9 reference library, fetching it (scripts/fetch-tflite-runtime.mjs, npm pack) when it is
// missing on a platform that can run it. Tests and benchmarks that need it call this and, when it returns a
// skip reason, print that reason and skip: never a silent pass.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { defaultTfliteLibPath, tfliteUnavailableReason } from './tflite-c';

export type RuntimeAvailability = { libPath: string; skipReason: null } | { libPath: null; skipReason: string };

export function ensureTfliteRuntime(repoRoot: string): RuntimeAvailability {
  const libPath = defaultTfliteLibPath(repoRoot);
  let reason = tfliteUnavailableReason(libPath);
  if (reason && process.platform === 'linux' && process.arch === 'x64') {
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts/fetch-tflite-runtime.mjs')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    } catch (e) {
      return { libPath: null, skipReason: `fetching the TFLite runtime failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
    }
    reason = tfliteUnavailableReason(libPath);
  }
  return reason ? { libPath: null, skipReason: reason } : { libPath, skipReason: null };
}
