// Checks electron-builder.yml offline: it satisfies electron-builder's own schema validator, and what it packs
// covers what the app loads at run time (the main entry, the preload, the renderer, the native serialport addon).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// Both come with electron-builder; no extra dependency.
const yaml = require('js-yaml') as { load(text: string): unknown };
const { minimatch } = require('minimatch') as { minimatch(p: string, pattern: string, o?: { dot?: boolean }): boolean };

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string }>;
  directories: { output: string; buildResources: string };
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
}

/** Width and height from a PNG's IHDR chunk (the first chunk, right after the 8-byte signature). */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).toString('hex'), `${file} is not a PNG`).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; productName: string; dependencies: Record<string, string> };

/** electron-builder's semantics: a file ships if it matches some positive pattern and no later negated one. */
function packed(file: string): boolean {
  let included = false;
  for (const p of config.files) {
    if (p.startsWith('!')) {
      if (minimatch(file, p.slice(1), { dot: true })) included = false;
    } else if (minimatch(file, p, { dot: true })) included = true;
  }
  return included;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own configuration validator', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // and the validator does reject a wrong key, so the check above means something
    await expect(validateConfiguration({ ...config, asarUnpak: [] }, new DebugLogger(false))).rejects.toThrow();
  });

  it('names the app like package.json and builds installers for all three platforms', () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/);
    expect(config.productName).toBe(pkg.productName);
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
  });

  it('packs the main entry, the preload, the web host and the renderer, but no source maps or sources', () => {
    expect(pkg.main).toMatch(/^dist\/main\//);
    for (const f of [pkg.main, 'dist/main/preload.cjs', 'dist/main/web-host.mjs', 'dist/main/cli.mjs', 'dist/renderer/index.html', 'dist/renderer/assets/index-abc.js', 'package.json']) {
      expect(packed(f), f).toBe(true);
    }
    for (const f of ['dist/main/electron-main.mjs.map', 'main/compose.ts', 'shared/api/api.ts', 'renderer/src/main.tsx', 'e2e/app.spec.ts']) {
      expect(packed(f), f).toBe(false);
    }
    // every bundle that exists right now is covered
    const distMain = path.join(root, 'dist/main');
    if (existsSync(distMain)) {
      for (const f of readdirSync(distMain).filter((n) => !n.endsWith('.map'))) expect(packed(`dist/main/${f}`), f).toBe(true);
    }
  });

  it('gives every platform a real 512x512 PNG icon from the existing build-resources folder', () => {
    const resources = path.join(root, config.directories.buildResources);
    expect(existsSync(resources), `${config.directories.buildResources}/ is missing`).toBe(true);
    for (const platform of ['linux', 'mac', 'win'] as const) {
      const icon = config[platform].icon;
      expect(icon, `${platform}.icon`).toBeTruthy();
      const file = path.join(root, icon);
      expect(path.dirname(file)).toBe(resources);
      expect(existsSync(file), `${platform}.icon ${icon} does not exist; run node scripts/render-icon.mjs`).toBe(true);
      // electron-builder needs at least 512 px for macOS and 256 px for Windows; square.
      expect(pngSize(file)).toEqual({ width: 512, height: 512 });
    }
  });

  it('keeps the native serialport binaries outside the asar archive', () => {
    expect(config.asar).toBe(true);
    const prebuilds = path.join(root, 'node_modules/@serialport/bindings-cpp/prebuilds');
    const nodeFiles: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.node')) nodeFiles.push(path.relative(root, p).split(path.sep).join('/'));
      }
    };
    walk(prebuilds);
    expect(nodeFiles.length).toBeGreaterThan(0);
    for (const f of nodeFiles) expect(config.asarUnpack.some((p) => minimatch(f, p, { dot: true })), f).toBe(true);
    expect(pkg.dependencies.serialport).toBeDefined();
  });

  it('ships as runtime dependencies exactly the packages the back end imports (the renderer is bundled by Vite)', () => {
    // electron-builder copies every "dependencies" package into the app: one the back end never loads is dead
    // weight, and one it loads but that is only a devDependency is missing from the packaged app.
    // main/services/tflite-runtime binds TFLite's C library through koffi for tests and benchmarks only: no
    // shipped file may import it, and its koffi stays a devDependency.
    const testOnly = path.join(root, 'main/services/tflite-runtime');
    const imported = new Set<string>();
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) {
          if (p !== testOnly) walk(p);
        } else if (/\.tsx?$/.test(e.name) && !/\.(test|slow\.test|bench)\.tsx?$/.test(e.name) && !p.includes(`${path.sep}testing${path.sep}`)) {
          const text = readFileSync(p, 'utf8');
          expect(text, `${path.relative(root, p)} imports the test-only TFLite runtime`).not.toMatch(/from '[^']*tflite-runtime\//);
          for (const m of text.matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
            const spec = m[1];
            if (spec.startsWith('.') || spec.startsWith('node:')) continue;
            imported.add(spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));
          }
        }
      }
    };
    walk(path.join(root, 'main'));
    walk(path.join(root, 'shared'));
    const external = [...imported].filter((m) => m !== 'electron').sort();
    const runtime = Object.keys(pkg.dependencies).sort();
    for (const m of external) expect(runtime, `main/ or shared/ imports ${m}, which is not in "dependencies"`).toContain(m);
    for (const d of runtime) expect(external, `"dependencies" lists ${d}, which main/ and shared/ never import`).toContain(d);
  });

  it('ships firmware-templates as an extra resource', () => {
    expect(config.extraResources).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'firmware-templates', to: 'firmware-templates' })]));
    expect(existsSync(path.join(root, 'firmware-templates'))).toBe(true);
  });
});
