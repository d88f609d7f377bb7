// Graph + arena plan → standalone C: model.h (the API), model.c (one kernel call per layer, offsets into one
// static arena baked in), model_data.c (weights and precomputed parameters as const arrays, kept in flash).
// Deterministic: the same graph always gives the same bytes (no timestamps, stable naming, planner order).
import type { Graph, Operator } from '../../../shared/ir/graph';
import { asFloat32, asInt16, asInt32, asInt8, elementCount, tensorBytes, type Tensor } from '../../../shared/ir/tensor';
import { planArena, type ArenaPlan } from '../../../shared/planner/tinyml-planner';
import { userError } from '../../../shared/api/errors';
import { cComment, cConstArray, cFloat, cInt, cString, type CElemType } from './emit-c';
import { cTypeOf, UnsupportedOpError, type EmitContext } from './op-emitter';
import { OP_EMITTERS, OP_KERNEL_FILES } from './op-emitters';

export interface GenerateOptions {
  /** Shown in the first line of every file ("tflm_hello_world_int8.tflite"). */
  sourceLabel?: string;
  /** Arena plan; defaults to the project's planner with depthwise in-place off (the C kernel does not honour it). */
  plan?: ArenaPlan;
}

export interface GeneratedTensorInfo {
  name: string;
  tensorId: number;
  dtype: string;
  shape: number[];
  bytes: number;
  scale: number | null;
  zeroPoint: number | null;
  arenaOffset: number;
}

export interface GeneratedFile {
  path: string;
  text: string;
}

export interface GeneratedCode {
  files: GeneratedFile[];
  /** Kernel sources (relative to firmware-templates/kernels) the model needs, sorted. */
  kernelFiles: string[];
  arenaBytes: number;
  /** Bytes of constant data emitted into model_data.c. */
  constBytes: number;
  inputs: GeneratedTensorInfo[];
  outputs: GeneratedTensorInfo[];
  /** Operator id of each layer in execution order (layer i is TML_LAYER_DONE(i) in model.c). */
  layerOps: number[];
}

interface UnsupportedEntry {
  op: number;
  type: string;
  reason: string;
}

function opLabel(op: Operator): string {
  return op.type === 'CUSTOM' && op.customCode ? op.customCode : op.type;
}

/** Every operator the generator cannot handle, found before any code is written. */
export function findUnsupportedOps(graph: Graph): UnsupportedEntry[] {
  return graph.operators
    .filter((op) => !OP_EMITTERS.has(op.type))
    .map((op) => ({ op: op.id, type: opLabel(op), reason: op.type === 'CUSTOM' ? 'custom operator' : 'no C kernel' }));
}

function unsupportedError(entries: UnsupportedEntry[]): Error {
  const names = [...new Set(entries.map((e) => e.type))];
  const list = entries.slice(0, 8).map((e) => `${e.type} (op #${e.op}: ${e.reason})`).join('; ');
  return userError(
    `Cannot generate C: the model uses ${names.length === 1 ? 'an operator' : 'operators'} the code generator does not support: ${names.join(', ')}. ${list}${entries.length > 8 ? '; …' : ''}`,
    'Replace or remove these operators (docs/adding-an-op.md explains how to add one), or run the model with the reference interpreter instead.',
    { unsupported: entries },
  );
}

export function generateC(graph: Graph, options: GenerateOptions = {}): GeneratedCode {
  const unsupported = findUnsupportedOps(graph);
  if (unsupported.length) throw unsupportedError(unsupported);
  const plan = options.plan ?? planArena(graph, { depthwise: false });
  const offsets = new Map(plan.tensors.map((t) => [t.tensorId, t.offset]));
  const scratchByOp = new Map((plan.scratch ?? []).map((s) => [s.opId, s]));
  const arenaBytes = Math.max(plan.totalBytes, 16);
  const source = options.sourceLabel ?? graph.name;
  const opsById = new Map(graph.operators.map((op) => [op.id, op]));

  const dataDefs: string[] = [];
  const dataExterns: string[] = [];
  const paramDefs: string[] = [];
  const usedSymbols = new Set<string>();
  const constSymbolByTensor = new Map<number, string>();
  let constBytes = 0;
  let layer = 0;

  const unique = (base: string): string => {
    let name = base.replace(/[^A-Za-z0-9_]/g, '_');
    for (let k = 2; usedSymbols.has(name); k++) name = `${base}_${k}`;
    usedSymbols.add(name);
    return name;
  };
  const addConst = (hint: string, type: CElemType, values: ArrayLike<number>, comment?: string): string => {
    const name = unique(`tml_l${layer}_${hint}`);
    dataDefs.push(cConstArray(name, type, values, comment ? cComment(comment) : undefined));
    dataExterns.push(`extern const ${type} ${name}[${Math.max(1, values.length)}];`);
    const elem = type === 'float' || type === 'int32_t' ? 4 : type === 'int16_t' ? 2 : 1;
    constBytes += values.length * elem;
    return name;
  };
  const constTensorArray = (t: Tensor): string => {
    const known = constSymbolByTensor.get(t.id);
    if (known) return known;
    const type = cTypeOf(t);
    const data = t.data!;
    const values =
      type === 'float' ? asFloat32(data) : type === 'int32_t' ? asInt32(data) : type === 'int16_t' ? asInt16(data) : type === 'int8_t' ? asInt8(data) : data;
    const sym = addConst(`const_t${t.id}`, type, values, `${t.name} [${t.shape}]`);
    constSymbolByTensor.set(t.id, sym);
    return sym;
  };

  const ctx: EmitContext = {
    graph,
    tensor(id) {
      const t = graph.tensors[id];
      if (!t) throw new UnsupportedOpError(`tensor ${id} does not exist`);
      return t;
    },
    ptr(id, type) {
      const t = graph.tensors[id];
      if (t.data) return `((const ${type} *)${constTensorArray(t)})`;
      const off = offsets.get(id);
      if (off === undefined) throw new UnsupportedOpError(`tensor "${t.name}" has no arena slot (the memory plan does not cover it)`);
      return `((${type} *)(tml_arena + ${off}))`;
    },
    constArray: addConst,
    scratch(opId) {
      const s = scratchByOp.get(opId);
      return s ? { scratch: `(void *)(tml_arena + ${s.offset})`, scratch_bytes: cInt(s.size) } : { scratch: 'NULL', scratch_bytes: '0' };
    },
    params(type, init) {
      const name = unique(`tml_l${layer}_params`);
      if (type.endsWith('[]')) paramDefs.push(`static const ${type.slice(0, -2)} ${name}[] = ${init};`);
      else paramDefs.push(`static const ${type} ${name} = ${init};`);
      return name;
    },
  };

  const calls: string[] = [];
  const failures: UnsupportedEntry[] = [];
  const kernelFiles = new Set<string>();
  for (const opId of plan.order) {
    const op = opsById.get(opId)!;
    try {
      const stmt = OP_EMITTERS.get(op.type)!(ctx, op);
      const ins = op.inputs.filter((i) => i >= 0 && !graph.tensors[i].data).map((i) => `[${graph.tensors[i].shape}]`);
      const outs = op.outputs.map((i) => `[${graph.tensors[i].shape}]`);
      calls.push(`  /* layer ${layer}: ${op.type}${op.name ? ` "${cComment(op.name)}"` : ''} ${ins.join(' ')} -> ${outs.join(' ')} */\n  ${stmt}\n  TML_LAYER_DONE(${layer});`);
      kernelFiles.add(OP_KERNEL_FILES[op.type]);
    } catch (e) {
      if (e instanceof UnsupportedOpError || (e instanceof Error && e.name === 'UnsupportedOpError')) failures.push({ op: op.id, type: op.type, reason: e.message });
      else throw e;
    }
    layer++;
  }
  if (failures.length) throw unsupportedError(failures);

  const info = (id: number): GeneratedTensorInfo => {
    const t = graph.tensors[id];
    const off = offsets.get(id);
    if (off === undefined) throw userError(`Graph input/output "${t.name}" is a constant or has no arena slot`, 'Check the model: its inputs and outputs must be activations.');
    return {
      name: t.name, tensorId: id, dtype: t.dtype, shape: t.shape, bytes: tensorBytes(t),
      scale: t.quant?.scale[0] ?? null, zeroPoint: t.quant?.zeroPoint[0] ?? null, arenaOffset: off,
    };
  };
  const inputs = graph.inputs.map(info);
  const outputs = graph.outputs.map(info);
  const header = (what: string) =>
    `/* Generated by TinyML Studio (main/services/codegen) from ${cComment(source)} (${graph.operators.length} ops): ${what}. Do not edit. */\n`;

  const modelH = renderHeader(header('the model API'), inputs, outputs, arenaBytes);
  const modelC = [
    header('operator calls in execution order over one static arena'),
    '#include <stddef.h>',
    '#include <stdint.h>',
    '#include <string.h>',
    '',
    '#include "model.h"',
    '#include "tml_kernels.h"',
    '',
    '/* A hook after every layer (the per-layer profiler defines it to read a timer); nothing by default. */',
    '#ifndef TML_LAYER_DONE',
    '#define TML_LAYER_DONE(layer) ((void)0)',
    '#endif',
    '',
    '/* Constant data (model_data.c, in flash). */',
    ...dataExterns,
    '',
    `/* Every activation lives at a fixed offset in this arena (planned by shared/planner; ${plan.strategy}). */`,
    `static uint8_t tml_arena[TML_MODEL_ARENA_BYTES] TML_ALIGNED(16);`,
    '',
    '/* Per-layer kernel parameters. */',
    ...paramDefs,
    '',
    renderTensorTable('tml_model_inputs', inputs),
    renderTensorTable('tml_model_outputs', outputs),
    'void *tml_model_input(int index) {',
    '  return (index >= 0 && index < TML_MODEL_NUM_INPUTS) ? (void *)(tml_arena + tml_model_inputs[index].arena_offset) : NULL;',
    '}',
    '',
    'void *tml_model_output(int index) {',
    '  return (index >= 0 && index < TML_MODEL_NUM_OUTPUTS) ? (void *)(tml_arena + tml_model_outputs[index].arena_offset) : NULL;',
    '}',
    '',
    'int tml_model_init(void) {',
    '  memset(tml_arena, 0, sizeof tml_arena);',
    '  return 0;',
    '}',
    '',
    'int tml_model_invoke(void) {',
    calls.join('\n'),
    '  return 0;',
    '}',
    '',
  ].join('\n');
  const modelDataC = [
    header('weights, biases and requantization parameters as const arrays (flash)'),
    '#include <stdint.h>',
    '',
    '#include "model.h"',
    '',
    dataDefs.join('\n'),
  ].join('\n');

  return {
    files: [
      { path: 'model.h', text: modelH },
      { path: 'model.c', text: modelC },
      { path: 'model_data.c', text: modelDataC },
    ],
    kernelFiles: [...kernelFiles].sort(),
    arenaBytes,
    constBytes,
    inputs,
    outputs,
    layerOps: [...plan.order],
  };
}

const DTYPE_ENUM: Record<string, string> = {
  int8: 'TML_DTYPE_INT8', uint8: 'TML_DTYPE_UINT8', int16: 'TML_DTYPE_INT16', int32: 'TML_DTYPE_INT32', float32: 'TML_DTYPE_FLOAT32',
};

function renderTensorTable(name: string, list: GeneratedTensorInfo[]): string {
  const rows = list.map((t) => {
    const shape = [...t.shape, ...new Array(Math.max(0, 6 - t.shape.length)).fill(0)].slice(0, 6);
    return `  {${cString(t.name)}, ${DTYPE_ENUM[t.dtype] ?? 'TML_DTYPE_INT8'}, ${t.shape.length}, {${shape.join(', ')}}, ${t.bytes}u, ${cFloat(t.scale ?? 0)}, ${cInt(t.zeroPoint ?? 0)}, ${t.arenaOffset}u},`;
  });
  return `const tml_tensor_info ${name}[${Math.max(1, list.length)}] = {\n${rows.join('\n')}\n};\n`;
}

function renderHeader(first: string, inputs: GeneratedTensorInfo[], outputs: GeneratedTensorInfo[], arenaBytes: number): string {
  const macros = (prefix: string, list: GeneratedTensorInfo[]) =>
    list.flatMap((t, i) => [
      `/* ${prefix.toLowerCase()} ${i}: "${cComment(t.name)}" ${t.dtype} [${t.shape}] */`,
      `#define TML_MODEL_${prefix}${i}_BYTES ${t.bytes}u`,
      `#define TML_MODEL_${prefix}${i}_ELEMENTS ${elementCount(t.shape)}u`,
      `#define TML_MODEL_${prefix}${i}_DTYPE ${DTYPE_ENUM[t.dtype] ?? 'TML_DTYPE_INT8'}`,
      `#define TML_MODEL_${prefix}${i}_SCALE ${cFloat(t.scale ?? 0)}`,
      `#define TML_MODEL_${prefix}${i}_ZERO_POINT (${cInt(t.zeroPoint ?? 0)})`,
    ]);
  return [
    first,
    '#ifndef TML_MODEL_H',
    '#define TML_MODEL_H',
    '',
    '#include <stdint.h>',
    '',
    '#ifdef __cplusplus',
    'extern "C" {',
    '#endif',
    '',
    '#if defined(__GNUC__) || defined(__clang__)',
    '#define TML_ALIGNED(n) __attribute__((aligned(n)))',
    '#else',
    '#define TML_ALIGNED(n)',
    '#endif',
    '',
    `#define TML_MODEL_ARENA_BYTES ${arenaBytes}u`,
    `#define TML_MODEL_NUM_INPUTS ${inputs.length}`,
    `#define TML_MODEL_NUM_OUTPUTS ${outputs.length}`,
    '',
    ...macros('INPUT', inputs),
    ...macros('OUTPUT', outputs),
    '',
    'typedef enum { TML_DTYPE_INT8 = 0, TML_DTYPE_UINT8 = 1, TML_DTYPE_INT16 = 2, TML_DTYPE_INT32 = 3, TML_DTYPE_FLOAT32 = 4 } tml_dtype;',
    '',
    '/* Describes one model input or output. real = scale * (q - zero_point) for quantized tensors (scale 0 = float). */',
    'typedef struct {',
    '  const char *name;',
    '  tml_dtype dtype;',
    '  int32_t rank;',
    '  int32_t shape[6];',
    '  uint32_t bytes;',
    '  float scale;',
    '  int32_t zero_point;',
    '  uint32_t arena_offset;',
    '} tml_tensor_info;',
    '',
    'extern const tml_tensor_info tml_model_inputs[];',
    'extern const tml_tensor_info tml_model_outputs[];',
    '',
    '/* Call once before the first invoke. Returns 0 on success. */',
    'int tml_model_init(void);',
    '/* Runs the whole model on the bytes currently in the input buffers. Returns 0 on success.',
    ' * The input buffers may be overwritten (their arena bytes are reused): refill them before every invoke. */',
    'int tml_model_invoke(void);',
    '/* The input/output buffers inside the arena (NULL for a bad index). */',
    'void *tml_model_input(int index);',
    'void *tml_model_output(int index);',
    '',
    '#ifdef __cplusplus',
    '}',
    '#endif',
    '',
    '#endif /* TML_MODEL_H */',
    '',
  ].join('\n');
}
