// Starts TensorFlow.js on its WebAssembly backend in Node. The .wasm binaries ship inside
// @tensorflow/tfjs-backend-wasm; tfjs would otherwise try to fetch them by URL, which Node cannot do, so the
// paths are set explicitly to the package's dist folder. WASM (not the pure-JS 'cpu' backend) because it is
// 5-20× faster for convolutions and gives the same numbers on every machine.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradKernels } from './wasm-grad-kernels';

let ready: Promise<typeof tf> | null = null;

export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

/** Resolves with tfjs once the WASM backend is active; later calls share the first start-up. */
export function tfjsWasm(): Promise<typeof tf> {
  ready ??= (async () => {
    const dir = wasmDistDir() + path.sep;
    setWasmPaths({
      'tfjs-backend-wasm.wasm': dir + 'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm': dir + 'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm': dir + 'tfjs-backend-wasm-threaded-simd.wasm',
    });
    // One thread: the threaded build needs SharedArrayBuffer workers, and training shares the machine with the UI.
    setThreadsCount(1);
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('TensorFlow.js could not start its WebAssembly backend.');
    await tf.ready();
    registerWasmGradKernels();
    return tf;
  })();
  return ready;
}
