// Runs one admin action at a time: `busy` disables its buttons, a failure
// becomes a sentence key (problems.ts) shown in the action's alert.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageKey } from '../../src/shared/i18n/index.ts';
import { problemKey, type ActionKind } from './problems.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function useAction(kind: ActionKind = 'other') {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  async function run<T>(action: () => Promise<T>): Promise<Outcome<T>> {
    setBusy(true);
    setProblem(null);
    try {
      return { ok: true, value: await action() };
    } catch (error) {
      if (live.current) setProblem(problemKey(error, kind));
      return { ok: false, error };
    } finally {
      if (live.current) setBusy(false);
    }
  }

  return { busy, problem, setProblem, run };
}
