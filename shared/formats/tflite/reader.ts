// .tflite → IR. Reads the first subgraph of a TFLite flatbuffer (schema version 3) through bounds-checked
// accessors: a damaged or hostile file fails with one `userError` naming the problem and byte, never a crash,
// hang or huge allocation (work and memory stay linear in the file size). See docs/model-ir.md.
import type { Graph, Operator } from '../../ir/graph';
import { DTYPE_BYTES, type DType, type Quantization, type Tensor } from '../../ir/tensor';
import { OPTION_CODECS } from './options';
import { invalidModel, SafeReader, type Table } from './safe-reader';
import { BUILTIN_CUSTOM, builtinName, F, TENSOR_TYPE_NAMES, TENSOR_TYPES, TFLITE_IDENTIFIER, TFLITE_SCHEMA_VERSION } from './schema';

/** Largest model we accept; far above any microcontroller model, well below what would strain memory. */
export const MAX_TFLITE_BYTES = 512 * 1024 * 1024;
const MAX_RANK = 8;
/** Largest tensor (bytes) a shape may describe; bigger shapes are certainly damage. */
const MAX_TENSOR_BYTES = 2 ** 31;

export function readTflite(bytes: Uint8Array): Graph {
  if (!(bytes instanceof Uint8Array)) invalidModel('input is not a byte array', 0);
  if (bytes.length < 16) invalidModel(`file is only ${bytes.length} bytes`, 0);
  if (bytes.length > MAX_TFLITE_BYTES) invalidModel(`file is ${bytes.length} bytes, more than the ${MAX_TFLITE_BYTES}-byte limit`, 0);
  const ident = String.fromCharCode(bytes[4], bytes[5], bytes[6], bytes[7]);
  if (ident !== TFLITE_IDENTIFIER) invalidModel(`missing the "${TFLITE_IDENTIFIER}" file identifier (found ${JSON.stringify(ident)})`, 4);

  const r = new SafeReader(bytes);
  const model = r.table(r.deref(0, 'the root table'), 'the Model table');
  const version = r.scalarU32(model, F.Model.version, 0, 'Model.version');
  if (version !== TFLITE_SCHEMA_VERSION) invalidModel(`schema version ${version} is not supported (expected ${TFLITE_SCHEMA_VERSION})`, model.pos);
  const description = r.string(model, F.Model.description, 'Model.description');

  const buffers = readBuffers(r, model);
  const opcodes = readOperatorCodes(r, model);

  const subgraphs = r.vector(model, F.Model.subgraphs, 4, 'Model.subgraphs');
  if (!subgraphs || subgraphs.length === 0) invalidModel('the model has no subgraph', model.pos);
  const sg = r.tableAt(subgraphs, 0, 'SubGraph 0');

  const tensorVec = r.vector(sg, F.SubGraph.tensors, 4, 'SubGraph.tensors');
  const tensors: Tensor[] = [];
  for (let i = 0; i < (tensorVec?.length ?? 0); i++) tensors.push(readTensor(r, r.tableAt(tensorVec!, i, `tensor ${i}`), i, buffers));

  const checkTensorIndex = (idx: number, what: string, at: number, optional: boolean) => {
    if (optional && idx === -1) return;
    if (!(idx >= 0 && idx < tensors.length)) invalidModel(`${what} refers to tensor ${idx}, but there are ${tensors.length} tensors`, at);
  };

  const inputsVec = r.readVector(sg, F.SubGraph.inputs, 4, 'SubGraph.inputs');
  const outputsVec = r.readVector(sg, F.SubGraph.outputs, 4, 'SubGraph.outputs');
  const inputs = r.int32s(inputsVec);
  const outputs = r.int32s(outputsVec);
  inputs.forEach((t, i) => checkTensorIndex(t, `model input ${i}`, inputsVec!.start, false));
  outputs.forEach((t, i) => checkTensorIndex(t, `model output ${i}`, outputsVec!.start, false));

  const opVec = r.vector(sg, F.SubGraph.operators, 4, 'SubGraph.operators');
  const operators: Operator[] = [];
  for (let i = 0; i < (opVec?.length ?? 0); i++) {
    const ot = r.tableAt(opVec!, i, `operator ${i}`);
    const codeIndex = r.scalarU32(ot, F.Operator.opcode_index, 0, 'opcode_index');
    const code = opcodes[codeIndex];
    if (!code) invalidModel(`operator ${i} uses operator code ${codeIndex}, but there are ${opcodes.length}`, ot.pos);
    const inVec = r.readVector(ot, F.Operator.inputs, 4, `operator ${i} inputs`);
    const outVec = r.readVector(ot, F.Operator.outputs, 4, `operator ${i} outputs`);
    const opInputs = r.int32s(inVec);
    const opOutputs = r.int32s(outVec);
    opInputs.forEach((t, k) => checkTensorIndex(t, `operator ${i} (${code.type}) input ${k}`, inVec!.start, true));
    opOutputs.forEach((t, k) => checkTensorIndex(t, `operator ${i} (${code.type}) output ${k}`, outVec!.start, false));

    const op: Operator = { id: i, type: code.type, inputs: opInputs, outputs: opOutputs, attrs: {}, version: code.version };
    if (code.customCode !== undefined) op.customCode = code.customCode;
    const codec = OPTION_CODECS[code.type];
    const optType = r.scalarU8(ot, F.Operator.builtin_options_type, 0, 'builtin_options_type');
    if (codec) {
      let optTable: Table | null = null;
      if (optType !== 0) {
        if (optType !== codec.type) invalidModel(`operator ${i} (${code.type}) carries builtin options of type ${optType}, expected ${codec.type}`, ot.pos);
        optTable = r.subTable(ot, F.Operator.builtin_options, `operator ${i} options`);
      }
      op.attrs = codec.decode(r, optTable);
    }
    if (code.type === 'CUSTOM') {
      const co = r.readVector(ot, F.Operator.custom_options, 1, `operator ${i} custom_options`);
      // Kept so a view-only custom op survives a write; the bytes are opaque to us.
      if (co && co.length > 0) op.attrs = { customOptions: Array.from(bytes.subarray(co.start, co.start + co.length)) };
    }
    operators.push(op);
  }

  const name = r.string(sg, F.SubGraph.name, 'SubGraph.name') || 'model';
  const extra = subgraphs.length > 1 ? `, ${subgraphs.length} subgraphs (only the first is shown)` : '';
  return {
    name,
    tensors,
    operators,
    inputs,
    outputs,
    source: `tflite v${version}${description ? ` (${description})` : ''}${extra}`,
  };
}

interface OpCode {
  type: string;
  customCode?: string;
  version: number;
}

function readOperatorCodes(r: SafeReader, model: Table): OpCode[] {
  const v = r.vector(model, F.Model.operator_codes, 4, 'Model.operator_codes');
  const out: OpCode[] = [];
  for (let i = 0; i < (v?.length ?? 0); i++) {
    const t = r.tableAt(v!, i, `operator code ${i}`);
    const deprecated = r.scalarI8(t, F.OperatorCode.deprecated_builtin_code, 0, 'deprecated_builtin_code');
    const builtin = r.scalarI32(t, F.OperatorCode.builtin_code, 0, 'builtin_code');
    // Old files only set the int8 field, new ones set both (the int8 one to 127 past 127): take the larger, as TFLite does.
    const code = Math.max(deprecated, builtin);
    if (code < 0 || code > 10_000) invalidModel(`operator code ${i} has builtin code ${code}`, t.pos);
    const version = r.scalarI32(t, F.OperatorCode.version, 1, 'OperatorCode.version');
    const entry: OpCode = { type: builtinName(code), version };
    if (code === BUILTIN_CUSTOM) entry.customCode = r.string(t, F.OperatorCode.custom_code, 'custom_code') ?? '';
    out.push(entry);
  }
  return out;
}

/** Buffer contents, as views into the file (no copies). Undefined for empty buffers. */
function readBuffers(r: SafeReader, model: Table): (Uint8Array | undefined)[] {
  const v = r.vector(model, F.Model.buffers, 4, 'Model.buffers');
  const bytes = r.bb.bytes();
  const out: (Uint8Array | undefined)[] = [];
  for (let i = 0; i < (v?.length ?? 0); i++) {
    const t = r.tableAt(v!, i, `buffer ${i}`);
    const data = r.vector(t, F.Buffer.data, 1, `buffer ${i} data`);
    if (data && data.length > 0) {
      out.push(bytes.subarray(data.start, data.start + data.length));
      continue;
    }
    // Models over 2 GB keep buffer bytes after the flatbuffer: offset (from the file start) and size. 0 and 1 mean "none".
    const offset = r.scalarU64(t, F.Buffer.offset, 'Buffer.offset');
    const size = r.scalarU64(t, F.Buffer.size, 'Buffer.size');
    if (offset > 1n) {
      if (offset + size > BigInt(r.size)) invalidModel(`buffer ${i} (offset ${offset}, size ${size}) lies outside the file`, t.pos);
      out.push(bytes.subarray(Number(offset), Number(offset + size)));
      continue;
    }
    out.push(undefined);
  }
  return out;
}

function readTensor(r: SafeReader, t: Table, id: number, buffers: (Uint8Array | undefined)[]): Tensor {
  const what = `tensor ${id}`;
  const shapeVec = r.readVector(t, F.Tensor.shape, 4, `${what} shape`);
  if (shapeVec && shapeVec.length > MAX_RANK) invalidModel(`${what} has rank ${shapeVec.length} (at most ${MAX_RANK} supported)`, shapeVec.start);
  const shape = r.int32s(shapeVec);
  const typeCode = r.scalarI8(t, F.Tensor.type, 0, `${what} type`);
  if (typeCode < 0 || typeCode >= TENSOR_TYPE_NAMES.length) invalidModel(`${what} has unknown type ${typeCode}`, t.pos);
  const dtype: DType = TENSOR_TYPES[typeCode] ?? 'unknown';
  const name = r.string(t, F.Tensor.name, `${what} name`) ?? `tensor_${id}`;

  let elements = 1;
  for (const d of shape) {
    if (d < 0) invalidModel(`${what} (${name}) has a negative dimension in shape [${shape.join(',')}]`, shapeVec!.start);
    elements *= d;
  }
  if (elements * DTYPE_BYTES[dtype] > MAX_TENSOR_BYTES) invalidModel(`${what} (${name}) shape [${shape.join(',')}] is implausibly large`, shapeVec!.start);

  const bufferIndex = r.scalarU32(t, F.Tensor.buffer, 0, `${what} buffer`);
  if (bufferIndex >= buffers.length && bufferIndex !== 0) invalidModel(`${what} (${name}) uses buffer ${bufferIndex}, but there are ${buffers.length}`, t.pos);
  const data = buffers[bufferIndex];

  const tensor: Tensor = { id, name, dtype, shape };
  if (dtype === 'unknown') tensor.sourceType = TENSOR_TYPE_NAMES[typeCode];
  if (data) {
    if (dtype !== 'string' && dtype !== 'unknown' && data.length !== elements * DTYPE_BYTES[dtype]) {
      invalidModel(`${what} (${name}) is ${dtype} [${shape.join(',')}] = ${elements * DTYPE_BYTES[dtype]} bytes, but its buffer ${bufferIndex} holds ${data.length}`, t.pos);
    }
    tensor.data = data;
  }
  if (r.scalarBool(t, F.Tensor.is_variable, false, `${what} is_variable`)) tensor.isVariable = true;
  if (r.field(t, F.Tensor.sparsity, 4, `${what} sparsity`)) invalidModel(`${what} (${name}) is sparse; sparse tensors are not supported`, t.pos);

  const q = r.subTable(t, F.Tensor.quantization, `${what} quantization`);
  if (q) {
    const quant = readQuantization(r, q, what, shape);
    if (quant) tensor.quant = quant;
  }
  return tensor;
}

function readQuantization(r: SafeReader, q: Table, what: string, shape: number[]): Quantization | undefined {
  const F_ = F.QuantizationParameters;
  const scaleVec = r.readVector(q, F_.scale, 4, `${what} scales`);
  const zpVec = r.readVector(q, F_.zero_point, 8, `${what} zero points`);
  const scale = r.float32s(scaleVec);
  if (scale.length === 0) return undefined; // min/max-only or empty quantization: a float tensor.
  let zeroPoint = r.int64s(zpVec, `${what} zero point`);
  if (zeroPoint.length === 0) zeroPoint = scale.map(() => 0);
  if (zeroPoint.length !== scale.length) invalidModel(`${what} has ${scale.length} scales but ${zeroPoint.length} zero points`, zpVec!.start);
  if (scale.some((s) => !Number.isFinite(s) || s < 0)) invalidModel(`${what} has a negative or non-finite quantization scale`, scaleVec!.start);
  let axis = r.scalarI32(q, F_.quantized_dimension, 0, `${what} quantized_dimension`);
  if (scale.length === 1) axis = 0;
  else {
    // Some converters wrote the weights' axis (3) on rank-1 biases; with one dimension only axis 0 is meaningful.
    if (shape.length === 1 && axis >= 1) axis = 0;
    if (axis < 0 || axis >= shape.length) invalidModel(`${what} is quantized along dimension ${axis}, but it has rank ${shape.length}`, q.pos);
    if (shape[axis] !== scale.length) invalidModel(`${what} has ${scale.length} scales for dimension ${axis} of size ${shape[axis]}`, scaleVec!.start);
  }
  return { scale, zeroPoint, axis };
}
