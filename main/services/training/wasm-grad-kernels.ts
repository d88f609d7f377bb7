// Gradient kernels the tfjs WASM backend (4.22) lacks. Without Conv2DBackpropFilter it cannot train any
// Conv2D layer. The backend does ship Conv3DBackpropFilterV2, and a 2-D convolution is a 3-D one with a depth of
// 1, so the shim below views the 4-D tensors as 5-D (same data, no copy) and calls that native kernel.
import * as tf from '@tensorflow/tfjs';

type Info = { dataId: object; shape: number[]; dtype: string };

let registered = false;

export function registerWasmGradKernels(): void {
  if (registered) return;
  registered = true;
  const conv3dFilter = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (!conv3dFilter) throw new Error('The tfjs WASM backend has no Conv3DBackpropFilterV2 kernel; cannot train Conv2D layers on it.');
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as unknown as { x: Info; dy: Info };
      const { strides, pad, filterShape, dataFormat } = attrs as unknown as { strides: number | [number, number]; pad: unknown; filterShape: [number, number, number, number]; dataFormat?: string };
      if (dataFormat && dataFormat !== 'NHWC') throw new Error(`Conv2D training on WASM supports NHWC only (got ${dataFormat}).`);
      if (pad !== 'same' && pad !== 'valid') throw new Error(`Conv2D training on WASM supports "same" and "valid" padding only (got ${JSON.stringify(pad)}).`);
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      // Measured: the native 3-D kernel is wrong for strides above 1 (gradients off by O(1)), so strided
      // convolutions take the plain loop below. Stride-1 layers, most of a small CNN's work, stay native.
      if (sh !== 1 || sw !== 1) return stridedFilterGrad(backend as unknown as WasmBackendLike, x, dy, filterShape, [sh, sw], pad);
      const x5: Info = { dataId: x.dataId, shape: [x.shape[0], 1, x.shape[1], x.shape[2], x.shape[3]], dtype: x.dtype };
      const dy5: Info = { dataId: dy.dataId, shape: [dy.shape[0], 1, dy.shape[1], dy.shape[2], dy.shape[3]], dtype: dy.dtype };
      const dw5 = conv3dFilter.kernelFunc({
        inputs: { x: x5, dy: dy5 } as unknown as tf.NamedTensorInfoMap,
        backend,
        attrs: { strides: [1, sh, sw], pad, filterShape: [1, ...filterShape] },
      }) as Info;
      // The 5-D result [1, kh, kw, cin, f] holds exactly the 4-D filter's elements in the same order.
      return { dataId: dw5.dataId, shape: filterShape.slice(), dtype: dw5.dtype } as unknown as tf.TensorInfo;
    },
  });
}

interface WasmBackendLike {
  readSync(dataId: object): Float32Array;
  makeOutput(shape: number[], dtype: string): Info;
  typedArrayFromHeap(info: Info): Float32Array;
}

function stridedFilterGrad(backend: WasmBackendLike, x: Info, dy: Info, filterShape: [number, number, number, number], strides: [number, number], pad: 'same' | 'valid'): tf.TensorInfo {
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad);
  const xv = backend.readSync(x.dataId);
  const dyv = backend.readSync(dy.dataId);
  const [kh, kw, cin, cout] = filterShape;
  const [n, h, w] = x.shape;
  const [, oh, ow] = dy.shape;
  const dw = new Float32Array(kh * kw * cin * cout);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let q = 0; q < ow; q++) {
        const dyo = ((b * oh + y) * ow + q) * cout;
        for (let i = 0; i < kh; i++) {
          const iy = y * strides[0] + i - info.padInfo.top;
          if (iy < 0 || iy >= h) continue;
          for (let j = 0; j < kw; j++) {
            const ix = q * strides[1] + j - info.padInfo.left;
            if (ix < 0 || ix >= w) continue;
            const xo = ((b * h + iy) * w + ix) * cin;
            for (let c = 0; c < cin; c++) {
              const xval = xv[xo + c];
              const wo = ((i * kw + j) * cin + c) * cout;
              for (let o = 0; o < cout; o++) dw[wo + o] += xval * dyv[dyo + o];
            }
          }
        }
      }
  const out = backend.makeOutput(filterShape.slice(), 'float32');
  backend.typedArrayFromHeap(out).set(dw);
  return out as unknown as tf.TensorInfo;
}
