import { describe, expect, it } from 'vitest';
import type { DeviceInfoData, DeviceStatus } from '../../../shared/api/device-service';
import { deviceStatusView, inferenceRate } from './device-status-text';

const stats = { frames: 0, lost: 0, corrupt: 0, resets: 0, bytesIn: 0, bytesOut: 0 };
const devices: DeviceInfoData[] = [
  { id: 'virtual:virtual-stm32f4', kind: 'virtual', label: 'Virtual STM32F4 (QEMU netduinoplus2) (QEMU, no hardware needed)', boardIds: ['virtual-stm32f4'] },
  { id: '/dev/ttyACM0', kind: 'serial', label: 'Nucleo — /dev/ttyACM0', path: '/dev/ttyACM0', boardIds: [] },
];
function status(p: Partial<DeviceStatus>): DeviceStatus {
  return { state: 'disconnected', deviceId: null, baud: null, hello: null, model: null, stats, message: 'Not connected.', ...p };
}

describe('deviceStatusView', () => {
  it('says "No device" before anything is connected', () => {
    expect(deviceStatusView(null, devices, 0)).toMatchObject({ text: 'No device', tone: 'idle' });
    expect(deviceStatusView(status({}), devices, 0).text).toBe('No device');
  });
  it('names the virtual board by its catalog name and shows the inference rate', () => {
    const v = deviceStatusView(status({ state: 'connected', deviceId: 'virtual:virtual-stm32f4' }), devices, 12.2);
    expect(v).toMatchObject({ text: 'Virtual STM32F4 · connected · 12 fps', tone: 'ok' });
    expect(deviceStatusView(status({ state: 'connected', deviceId: '/dev/ttyACM0' }), devices, 0).text).toBe('/dev/ttyACM0 · connected');
  });
  it('turns red when the link is lost or failed, not when the user disconnected', () => {
    expect(deviceStatusView(status({ lost: true, message: 'The connection closed.' }), devices, 0)).toMatchObject({ text: 'Device · connection lost', tone: 'lost' });
    expect(deviceStatusView(status({ state: 'error', deviceId: '/dev/ttyACM0', message: 'EACCES' }), devices, 0).tone).toBe('lost');
    expect(deviceStatusView(status({ state: 'disconnected' }), devices, 0).tone).toBe('idle');
  });
});

describe('inferenceRate', () => {
  it('counts intervals over the recent window', () => {
    const now = 10_000;
    expect(inferenceRate([now - 1000, now - 900, now - 800, now - 700, now - 600, now - 500], now)).toBeCloseTo(10, 5);
    expect(inferenceRate([now - 5000, now - 4000], now)).toBe(0);
    expect(inferenceRate([now - 10], now)).toBe(0);
  });
});
