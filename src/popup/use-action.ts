import { useState } from 'preact/hooks';
import { errorKey } from '../shared/i18n/index.ts';
import { reasonOf } from '../shared/protocol/errors.ts';
import { t } from './i18n.ts';

/** Runs one user action at a time and keeps its error as a sentence in the user's language. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function run(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError(t(errorKey(reasonOf(e))));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, clearError: () => setError(undefined) };
}
