// IR → .tflite (schema version 3), written so that stock TFLite and TFLM load it: operator codes carry both
// the int8 and the int32 builtin code, buffer 0 is the empty sentinel, constant data is 16-byte aligned,
// quantization carries quantized_dimension, and our ops get their builtin option tables.
import { Builder } from 'flatbuffers';
import type { Graph } from '../../ir/graph';
import type { Tensor } from '../../ir/tensor';
import { OPTION_CODECS, int32Vector } from './options';
import { BUILTIN_CUSTOM, builtinCode, F, PLACEHOLDER_FOR_GREATER_OP_CODES, TENSOR_TYPE_NAMES, tensorTypeOf, TFLITE_IDENTIFIER, TFLITE_SCHEMA_VERSION } from './schema';

function offsetVector(b: Builder, offsets: readonly number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
  return b.endVector();
}

function float32Vector(b: Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]);
  return b.endVector();
}

function int64Vector(b: Builder, values: readonly number[]): number {
  b.startVector(8, values.length, 8);
  for (let i = values.length - 1; i >= 0; i--) b.addInt64(BigInt(values[i]));
  return b.endVector();
}

/** A [ubyte] vector aligned to 16 bytes, as schema.fbs asks for buffer data (force_align: 16). */
function alignedBytes(b: Builder, data: Uint8Array, align: number): number {
  b.startVector(1, data.length, align);
  // The runtime's own createByteVector does exactly this copy, but only with alignment 1.
  const inner = b as unknown as { space: number; bb: { setPosition(p: number): void; bytes(): Uint8Array } };
  inner.space -= data.length;
  inner.bb.setPosition(inner.space);
  inner.bb.bytes().set(data, inner.space);
  return b.endVector();
}

function tensorTypeCode(t: Tensor): number {
  if (t.dtype !== 'unknown') return tensorTypeOf(t.dtype);
  const i = t.sourceType ? TENSOR_TYPE_NAMES.indexOf(t.sourceType) : -1;
  if (i < 0) throw new Error(`Cannot write tensor ${t.name}: its data type is unknown.`);
  return i;
}

export function writeTflite(graph: Graph): Uint8Array {
  const b = new Builder(1024 + graph.tensors.reduce((s, t) => s + (t.data?.length ?? 0) + 16, 0));

  // Buffers: 0 is the empty sentinel; then one per constant tensor, in tensor order.
  const bufferOf = new Map<number, number>();
  const bufferTables: number[] = [];
  b.startObject(3);
  bufferTables.push(b.endObject());
  for (const t of graph.tensors) {
    if (!t.data) continue;
    const vec = alignedBytes(b, t.data, 16);
    b.startObject(3);
    b.addFieldOffset(F.Buffer.data, vec, 0);
    bufferOf.set(t.id, bufferTables.length);
    bufferTables.push(b.endObject());
  }

  // Operator codes: one per distinct (type, custom code, version).
  const codeKeys: string[] = [];
  const codeTables: number[] = [];
  const opCodeIndex = graph.operators.map((op) => {
    const version = op.version ?? 1;
    const key = `${op.type}\u0000${op.customCode ?? ''}\u0000${version}`;
    let i = codeKeys.indexOf(key);
    if (i < 0) {
      const code = builtinCode(op.type);
      if (code === undefined) throw new Error(`Cannot write operator type ${op.type}: it is not a TFLite builtin.`);
      const custom = code === BUILTIN_CUSTOM ? b.createString(op.customCode ?? '') : 0;
      b.startObject(4);
      b.addFieldInt8(F.OperatorCode.deprecated_builtin_code, Math.min(code, PLACEHOLDER_FOR_GREATER_OP_CODES), 0);
      if (custom) b.addFieldOffset(F.OperatorCode.custom_code, custom, 0);
      b.addFieldInt32(F.OperatorCode.version, version, 1);
      b.addFieldInt32(F.OperatorCode.builtin_code, code, 0);
      i = codeKeys.length;
      codeKeys.push(key);
      codeTables.push(b.endObject());
    }
    return i;
  });

  const tensorTables = graph.tensors.map((t) => {
    const name = b.createString(t.name);
    const shape = int32Vector(b, t.shape);
    let quant = 0;
    if (t.quant) {
      const scale = float32Vector(b, t.quant.scale);
      const zp = int64Vector(b, t.quant.zeroPoint);
      b.startObject(7);
      b.addFieldOffset(F.QuantizationParameters.scale, scale, 0);
      b.addFieldOffset(F.QuantizationParameters.zero_point, zp, 0);
      b.addFieldInt32(F.QuantizationParameters.quantized_dimension, t.quant.axis, 0);
      quant = b.endObject();
    }
    b.startObject(8);
    b.addFieldOffset(F.Tensor.shape, shape, 0);
    b.addFieldInt8(F.Tensor.type, tensorTypeCode(t), 0);
    b.addFieldInt32(F.Tensor.buffer, bufferOf.get(t.id) ?? 0, 0);
    b.addFieldOffset(F.Tensor.name, name, 0);
    if (quant) b.addFieldOffset(F.Tensor.quantization, quant, 0);
    if (t.isVariable) b.addFieldInt8(F.Tensor.is_variable, 1, 0);
    return b.endObject();
  });

  const operatorTables = graph.operators.map((op, i) => {
    const inputs = int32Vector(b, op.inputs);
    const outputs = int32Vector(b, op.outputs);
    const codec = OPTION_CODECS[op.type];
    const options = codec ? codec.encode(b, op.attrs) : 0;
    const customBytes = Array.isArray(op.attrs.customOptions) ? Uint8Array.from(op.attrs.customOptions) : null;
    const custom = customBytes ? alignedBytes(b, customBytes, 1) : 0;
    b.startObject(7);
    b.addFieldInt32(F.Operator.opcode_index, opCodeIndex[i], 0);
    b.addFieldOffset(F.Operator.inputs, inputs, 0);
    b.addFieldOffset(F.Operator.outputs, outputs, 0);
    if (codec) {
      b.addFieldInt8(F.Operator.builtin_options_type, codec.type, 0);
      b.addFieldOffset(F.Operator.builtin_options, options, 0);
    }
    if (custom) b.addFieldOffset(F.Operator.custom_options, custom, 0);
    return b.endObject();
  });

  const sgTensors = offsetVector(b, tensorTables);
  const sgInputs = int32Vector(b, graph.inputs);
  const sgOutputs = int32Vector(b, graph.outputs);
  const sgOps = offsetVector(b, operatorTables);
  const sgName = b.createString(graph.name);
  b.startObject(5);
  b.addFieldOffset(F.SubGraph.tensors, sgTensors, 0);
  b.addFieldOffset(F.SubGraph.inputs, sgInputs, 0);
  b.addFieldOffset(F.SubGraph.outputs, sgOutputs, 0);
  b.addFieldOffset(F.SubGraph.operators, sgOps, 0);
  b.addFieldOffset(F.SubGraph.name, sgName, 0);
  const subgraph = b.endObject();

  const codes = offsetVector(b, codeTables);
  const subgraphs = offsetVector(b, [subgraph]);
  const description = b.createString('TinyML Studio');
  const buffers = offsetVector(b, bufferTables);
  b.startObject(5);
  b.addFieldInt32(F.Model.version, TFLITE_SCHEMA_VERSION, 0);
  b.addFieldOffset(F.Model.operator_codes, codes, 0);
  b.addFieldOffset(F.Model.subgraphs, subgraphs, 0);
  b.addFieldOffset(F.Model.description, description, 0);
  b.addFieldOffset(F.Model.buffers, buffers, 0);
  const model = b.endObject();
  b.finish(model, TFLITE_IDENTIFIER);
  return b.asUint8Array().slice();
}
