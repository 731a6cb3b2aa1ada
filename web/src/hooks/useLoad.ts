/**
 * Loads data for a screen and reloads it when `key` changes (or on reload()); the previous data
 * stays on screen while a reload runs, so a live update does not flash a spinner.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

interface Outcome<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  /** Which load this is the outcome of: loading while it differs from the current one. */
  readonly of: string;
}

export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [round, setRound] = useState(0);
  const [outcome, setOutcome] = useState<Outcome<T>>({ data: undefined, error: undefined, of: '' });
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  const current = `${key}#${round}`;

  useEffect(() => {
    let wanted = true;
    loader.current().then(
      (data) => {
        if (wanted) setOutcome({ data, error: undefined, of: current });
      },
      (error: unknown) => {
        if (wanted) setOutcome((previous) => ({ data: previous.data, error, of: current }));
      },
    );
    return () => {
      wanted = false;
    };
  }, [current]);

  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data: outcome.data, error: outcome.error, loading: outcome.of !== current, reload };
}
