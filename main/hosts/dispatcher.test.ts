import { describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api/api';
import { userError } from '../../shared/api/errors';
import { EventHub } from '../services/event-hub';
import { JobsServiceImpl } from '../services/jobs-service';
import { createDispatcher } from './dispatcher';

// The dispatcher is under test; the services behind it are the real jobs service plus small hand-written ones.
function services(overrides: Partial<Api> = {}): Api {
  const jobs = new JobsServiceImpl(new EventHub());
  return { jobs, ...overrides } as Api;
}

const call = (service: string, method: string, args: unknown[], id = 1) => ({ type: 'call', id, service, method, args });

describe('dispatcher', () => {
  it('calls the implementation with validated arguments and wraps the value', async () => {
    const d = createDispatcher(services());
    expect(await d(call('jobs', 'list', [], 7))).toEqual({ type: 'result', id: 7, ok: true, value: [] });
    expect(await d(call('jobs', 'cancel', ['nope'], 8))).toEqual({ type: 'result', id: 8, ok: true, value: false });
  });

  it('refuses names that are not own keys of the contract', async () => {
    const d = createDispatcher(services());
    for (const [s, m] of [['jobs', '__proto__'], ['jobs', 'constructor'], ['jobs', 'valueOf'], ['__proto__', 'list'], ['hasOwnProperty', 'call']]) {
      const r = await d(call(s, m, []));
      expect(r.ok ? null : r.error.code, `${s}.${m}`).toBe('NOT_FOUND');
    }
  });

  it('reports bad arguments as BAD_REQUEST without calling the service', async () => {
    let called = false;
    const d = createDispatcher(services({ jobs: { list: async () => [], cancel: async () => ((called = true), true) } }));
    for (const args of [[], [42], ['a', 'b'], ['x'.repeat(65)]]) {
      const r = await d(call('jobs', 'cancel', args));
      expect(r.ok ? null : r.error.code, JSON.stringify(args)).toBe('BAD_REQUEST');
    }
    expect(called).toBe(false);
  });

  it('passes user errors through with their hint and turns other throws into INTERNAL', async () => {
    const internal: unknown[] = [];
    const d = createDispatcher(
      services({
        jobs: {
          list: async () => {
            throw new RangeError('oops');
          },
          cancel: async () => {
            throw userError('That job belongs to another project.', 'Switch project first.');
          },
        },
      }),
      (e) => internal.push(e),
    );
    expect(await d(call('jobs', 'cancel', ['j1']))).toEqual({ type: 'result', id: 1, ok: false, error: { code: 'USER_ERROR', message: 'That job belongs to another project.', hint: 'Switch project first.', detail: undefined } });
    const r = await d(call('jobs', 'list', []));
    expect(r.ok ? null : r.error).toMatchObject({ code: 'INTERNAL', message: 'oops' });
    expect(internal).toHaveLength(1);
  });

  it('flags a result that breaks its schema as an internal error but still delivers it', async () => {
    const internal: unknown[] = [];
    const d = createDispatcher(services({ jobs: { list: async () => [{ bogus: true }] as never, cancel: async () => true } }), (e) => internal.push(e));
    const r = await d(call('jobs', 'list', []));
    expect(r).toMatchObject({ ok: true, value: [{ bogus: true }] });
    expect(String(internal[0])).toMatch(/jobs\.list returned a value that does not match its result schema/);
  });
});
