// A thin koffi binding to TensorFlow Lite's C API (the 2.9.0 library from tfjs-tflite-node@0.0.2, fetched by
// scripts/fetch-tflite-runtime.mjs). It is the ground truth for tests, benchmarks and validation: the goldens
// in /work/shared/models were made with exactly this library and this call sequence (README "How the
// references were produced"): default builtin kernels, no delegate, 1 thread, a fresh interpreter per run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import koffi from 'koffi';

/** Where fetch-tflite-runtime.mjs leaves the library, relative to the repository root. */
export const TFLITE_LIB_RELATIVE = '.cache/tflite/package/cc_deps/linux_amd64/libtensorflowlite_c.so';

export function defaultTfliteLibPath(repoRoot: string): string {
  return path.join(repoRoot, TFLITE_LIB_RELATIVE);
}

/**
 * Why the reference runtime cannot run here, or null when it can. The only prebuilt library is Linux x86_64
 * (glibc), so elsewhere tests print this reason and skip.
 */
export function tfliteUnavailableReason(libPath: string): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `the TFLite 2.9 reference library is only available for Linux x86_64 (this is ${process.platform}/${process.arch})`;
  }
  if (!existsSync(libPath)) return `${libPath} is missing: run \`node scripts/fetch-tflite-runtime.mjs\` first`;
  return null;
}

type Ptr = bigint | null;

interface Bindings {
  version: () => string;
  modelCreate: (data: Buffer, size: number) => Ptr;
  modelDelete: (m: Ptr) => void;
  optionsCreate: () => Ptr;
  optionsSetNumThreads: (o: Ptr, n: number) => void;
  optionsDelete: (o: Ptr) => void;
  interpreterCreate: (m: Ptr, o: Ptr) => Ptr;
  interpreterDelete: (i: Ptr) => void;
  allocateTensors: (i: Ptr) => number;
  inputCount: (i: Ptr) => number;
  outputCount: (i: Ptr) => number;
  getInputTensor: (i: Ptr, k: number) => Ptr;
  getOutputTensor: (i: Ptr, k: number) => Ptr;
  invoke: (i: Ptr) => number;
  tensorByteSize: (t: Ptr) => number;
  copyFromBuffer: (t: Ptr, data: Buffer, size: number) => number;
  copyToBuffer: (t: Ptr, data: Buffer, size: number) => number;
}

const loaded = new Map<string, Bindings>();

function bind(libPath: string): Bindings {
  const cached = loaded.get(libPath);
  if (cached) return cached;
  const lib = koffi.load(libPath);
  // Handles are opaque: koffi passes them around as BigInt addresses.
  for (const name of ['TfLiteModel', 'TfLiteInterpreterOptions', 'TfLiteInterpreter', 'TfLiteTensor']) koffi.pointer(name, koffi.opaque());
  const b: Bindings = {
    version: lib.func('const char *TfLiteVersion()'),
    modelCreate: lib.func('TfLiteModel TfLiteModelCreate(const void *data, size_t size)'),
    modelDelete: lib.func('void TfLiteModelDelete(TfLiteModel m)'),
    optionsCreate: lib.func('TfLiteInterpreterOptions TfLiteInterpreterOptionsCreate()'),
    optionsSetNumThreads: lib.func('void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptions o, int n)'),
    optionsDelete: lib.func('void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptions o)'),
    interpreterCreate: lib.func('TfLiteInterpreter TfLiteInterpreterCreate(TfLiteModel m, TfLiteInterpreterOptions o)'),
    interpreterDelete: lib.func('void TfLiteInterpreterDelete(TfLiteInterpreter i)'),
    allocateTensors: lib.func('int TfLiteInterpreterAllocateTensors(TfLiteInterpreter i)'),
    inputCount: lib.func('int32_t TfLiteInterpreterGetInputTensorCount(TfLiteInterpreter i)'),
    outputCount: lib.func('int32_t TfLiteInterpreterGetOutputTensorCount(TfLiteInterpreter i)'),
    getInputTensor: lib.func('TfLiteTensor TfLiteInterpreterGetInputTensor(TfLiteInterpreter i, int32_t k)'),
    getOutputTensor: lib.func('TfLiteTensor TfLiteInterpreterGetOutputTensor(TfLiteInterpreter i, int32_t k)'),
    invoke: lib.func('int TfLiteInterpreterInvoke(TfLiteInterpreter i)'),
    tensorByteSize: lib.func('size_t TfLiteTensorByteSize(TfLiteTensor t)'),
    copyFromBuffer: lib.func('int TfLiteTensorCopyFromBuffer(TfLiteTensor t, const void *data, size_t size)'),
    copyToBuffer: lib.func('int TfLiteTensorCopyToBuffer(TfLiteTensor t, _Out_ void *data, size_t size)'),
  } as unknown as Bindings;
  loaded.set(libPath, b);
  return b;
}

export class TfliteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TfliteError';
  }
}

/** One loaded model. `run` builds a fresh interpreter per call, as the goldens were made. */
export class TfliteModel {
  private readonly b: Bindings;
  private model: Ptr;
  /** Kept alive: TfLiteModelCreate does not copy the bytes. */
  private readonly bytes: Buffer;

  constructor(libPath: string, modelBytes: Uint8Array) {
    this.b = bind(libPath);
    this.bytes = Buffer.from(modelBytes);
    this.model = this.b.modelCreate(this.bytes, this.bytes.length);
    if (!this.model) throw new TfliteError('TfLiteModelCreate failed: TFLite rejected the flatbuffer (see stderr for its reason).');
  }

  get version(): string {
    return this.b.version();
  }

  /** Runs one inference: raw input bytes per input → raw output bytes per output. */
  run(inputs: readonly Uint8Array[]): Uint8Array[] {
    const b = this.b;
    if (!this.model) throw new TfliteError('the model was disposed');
    const options = b.optionsCreate();
    b.optionsSetNumThreads(options, 1);
    const interp = b.interpreterCreate(this.model, options);
    b.optionsDelete(options);
    if (!interp) throw new TfliteError('TfLiteInterpreterCreate failed: TFLite could not build an interpreter for this model (unsupported op or invalid tensor; see stderr).');
    try {
      if (b.allocateTensors(interp) !== 0) throw new TfliteError('TfLiteInterpreterAllocateTensors failed (see stderr for the op that failed to prepare).');
      const nIn = b.inputCount(interp);
      if (nIn !== inputs.length) throw new TfliteError(`the model has ${nIn} inputs, got ${inputs.length}`);
      inputs.forEach((bytes, k) => {
        const t = b.getInputTensor(interp, k);
        const size = Number(b.tensorByteSize(t));
        if (size !== bytes.byteLength) throw new TfliteError(`input ${k} needs ${size} bytes, got ${bytes.byteLength}`);
        if (b.copyFromBuffer(t, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), size) !== 0) throw new TfliteError(`TfLiteTensorCopyFromBuffer failed for input ${k}`);
      });
      if (b.invoke(interp) !== 0) throw new TfliteError('TfLiteInterpreterInvoke failed (see stderr).');
      const outs: Uint8Array[] = [];
      const nOut = b.outputCount(interp);
      for (let k = 0; k < nOut; k++) {
        const t = b.getOutputTensor(interp, k);
        const size = Number(b.tensorByteSize(t));
        const buf = Buffer.alloc(size);
        if (b.copyToBuffer(t, buf, size) !== 0) throw new TfliteError(`TfLiteTensorCopyToBuffer failed for output ${k}`);
        outs.push(new Uint8Array(buf.buffer, buf.byteOffset, size).slice());
      }
      return outs;
    } finally {
      b.interpreterDelete(interp);
    }
  }

  dispose(): void {
    if (this.model) this.b.modelDelete(this.model);
    this.model = null;
  }
}

export function tfliteVersion(libPath: string): string {
  return bind(libPath).version();
}
