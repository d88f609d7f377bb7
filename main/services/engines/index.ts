// Engines by --engine name. To add one: write engines/<name>.ts implementing InferenceEngine, add it here.
import { userError } from '../../../shared/api/errors';
import type { InferenceEngine } from './engine';
import { ReferenceEngine } from './reference';
import { HostCEngine } from './host-c';
import { VirtualBoardEngine } from './virtual-board';
import { findFirmwareTemplatesDir } from '../build/templates-dir';
import path from 'node:path';

export function createEngines(): Map<string, InferenceEngine> {
  const engines: InferenceEngine[] = [new ReferenceEngine(), new HostCEngine({ kernelsDir: path.join(findFirmwareTemplatesDir(), 'kernels') }), new VirtualBoardEngine()];
  return new Map(engines.map((e) => [e.name, e]));
}

export function engineByName(engines: ReadonlyMap<string, InferenceEngine>, name: string): InferenceEngine {
  const e = engines.get(name);
  if (!e) throw userError(`Unknown engine "${name}".`, `Available engines: ${[...engines.keys()].join(', ')}.`);
  return e;
}
