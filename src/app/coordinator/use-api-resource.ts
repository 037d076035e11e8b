import { useCallback, useEffect, useRef, useState } from 'react';
import { CoordinatorApiError, isCoordinatorApiError } from './api';
import { isSessionLost, useCoordinatorSession } from './session';

export interface ApiResource<T> {
  data: T | undefined;
  error: CoordinatorApiError | null;
  isLoading: boolean;
  reload: () => void;
}

function asApiError(error: unknown): CoordinatorApiError {
  if (isCoordinatorApiError(error)) return error;
  return new CoordinatorApiError({ status: 0, code: 'invalid_response', message: error instanceof Error ? error.message : String(error) });
}

/**
 * Loads `load()` whenever `key` changes or `reload()` is called. Data of an
 * earlier key is never returned for a new one. A lost session sends the
 * coordinator to the login.
 */
export function useApiResource<T>(key: string, load: () => Promise<T>): ApiResource<T> {
  const { onSessionLost } = useCoordinatorSession();
  const loadRef = useRef(load);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{ key: string | null; data: T | undefined; error: CoordinatorApiError | null; isLoading: boolean }>({
    key: null,
    data: undefined,
    error: null,
    isLoading: true,
  });

  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let cancelled = false;
    setState((previous) => ({ ...previous, isLoading: true }));
    loadRef.current().then(
      (data) => {
        if (!cancelled) setState({ key, data, error: null, isLoading: false });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (isSessionLost(error)) onSessionLost();
        setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error: asApiError(error), isLoading: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, generation, onSessionLost]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const isCurrent = state.key === key;
  return {
    data: isCurrent ? state.data : undefined,
    error: isCurrent ? state.error : null,
    isLoading: state.isLoading || !isCurrent,
    reload,
  };
}
