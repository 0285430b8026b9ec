import { useCallback, useRef, useState } from 'react';
import { isFormValidationError } from '../lib/errors.js';

/**
 * A form's submit: busy from the click (before the form's own validation), a second click while
 * it runs is ignored, and a validation failure (already shown under the fields) is no unhandled
 * rejection. Use `busy` as the button's `loading`.
 */
export function useSubmit(): { busy: boolean; submit: (fn: () => Promise<void>) => void } {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const submit = useCallback((fn: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    fn()
      .catch((e: unknown) => {
        if (!isFormValidationError(e)) throw e;
      })
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  }, []);
  return { busy, submit };
}
