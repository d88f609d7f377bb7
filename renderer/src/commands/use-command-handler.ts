// One line per action for an area: `useCommandHandler('build.build', () => build(), busy ? 'A build is running.' : undefined)`.
// While the component is mounted the command runs this handler (from the palette, a key binding or Electron's
// menu), and the palette shows it disabled with the same reason the area's button gives.
import { useEffect, useRef } from 'react';
import { useWorkbench } from '../workbench-context';

export function useCommandHandler(id: string, run: () => void | Promise<unknown>, disabledReason?: string): void {
  const { commands } = useWorkbench();
  // The latest closure runs, without re-registering on every render.
  const runRef = useRef(run);
  runRef.current = run;
  const registration = useRef<ReturnType<typeof commands.handle> | null>(null);
  useEffect(() => {
    const reg = commands.handle(id, { run: () => runRef.current(), disabledReason });
    registration.current = reg;
    return () => {
      registration.current = null;
      reg.dispose();
    };
    // disabledReason is pushed by the effect below; registering once per id keeps the handler stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [commands, id]);
  useEffect(() => {
    registration.current?.update({ run: () => runRef.current(), disabledReason });
  }, [disabledReason]);
}
