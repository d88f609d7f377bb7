// For component tests (happy-dom): a fresh React root in a <div> attached to the document before each test and
// unmounted and removed after it, so every test renders into a clean DOM.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

/** Call at the top of a test file; read `host` and `root` inside tests (they are replaced for each test). */
export function reactRootPerTest(): { readonly host: HTMLDivElement; readonly root: Root } {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  let host: HTMLDivElement | undefined;
  let root: Root | undefined;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.appendChild(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root?.unmount());
    host?.remove();
    host = root = undefined;
  });
  const during = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('reactRootPerTest: host and root exist only while a test runs');
    return v;
  };
  return {
    get host() {
      return during(host);
    },
    get root() {
      return during(root);
    },
  };
}
