import { describe, expect, it } from 'vitest';
import type { DeviceModelInfo } from '../../../../shared/api/device-service';
import { labelsFor } from './model-labels';

const model = (labels?: string[]): DeviceModelInfo => ({ name: 'kws.tflite', inputs: [], outputs: [], ...(labels ? { labels } : {}) });

describe('labelsFor', () => {
  it('prefers the project manifest labels of the flashed file', () => {
    expect(labelsFor(model(['a', 'b']), [{ id: 'kws', path: 'models/kws.tflite', kind: 'tflite', labels: ['yes', 'no'] }])).toEqual(['yes', 'no']);
  });
  it('falls back to the labels flashed with the firmware, then to none', () => {
    expect(labelsFor(model(['a', 'b']), [{ id: 'other', path: 'models/other.tflite', kind: 'tflite', labels: ['x'] }])).toEqual(['a', 'b']);
    expect(labelsFor(model(), [{ id: 'kws', path: 'kws.tflite', kind: 'tflite' }])).toBeUndefined();
    expect(labelsFor(null, [])).toBeUndefined();
  });
});
