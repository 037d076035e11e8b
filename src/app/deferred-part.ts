/**
 * A part of a screen that is not needed to show the screen first (issue #15: the JS to reach a
 * form section): a chunk of its own, loaded once the screen is settled (`whenSettled`, by whoever
 * calls `preload`) or as soon as a render needs it, whichever comes first.
 *
 * Unlike `React.lazy`, a part that is already loaded renders in the same render as the screen that
 * shows it (no Suspense fallback for a frame), so focus can move into it right after a navigation;
 * every component that uses the part renders again when it arrives. A chunk that fails to load is
 * thrown where it is needed, like a failed `React.lazy` (the service worker precaches every chunk).
 */
import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import i18next from 'i18next';
import type { UiNamespace } from './i18n';

export interface DeferredPart<M> {
  /** Starts loading (once); resolves with the module. */
  preload(): Promise<M>;
  /** The module once loaded, undefined before; `needed` starts loading it. Re-renders when it arrives. */
  usePart(needed: boolean): M | undefined;
}

/**
 * `strings`: UI namespaces only the part uses; the part is ready once they are loaded too, so its
 * first render shows its texts (no Suspense fallback) and the screen before it never waits for them.
 */
export function deferredPart<M>(loadModule: () => Promise<M>, strings: readonly UiNamespace[] = []): DeferredPart<M> {
  const load = strings.length === 0 ? loadModule : () => Promise.all([loadModule(), i18next.loadNamespaces([...strings])]).then(([module]) => module);
  let loaded: M | undefined;
  let pending: Promise<M> | undefined;
  let failure: { error: unknown } | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const snapshot = () => loaded;
  const failed = () => failure;

  const preload = (): Promise<M> =>
    (pending ??= load().then(
      (module) => {
        loaded = module;
        failure = undefined;
        notify();
        return module;
      },
      (error: unknown) => {
        failure = { error };
        notify();
        throw error;
      },
    ));

  function usePart(needed: boolean): M | undefined {
    const module = useSyncExternalStore(subscribe, snapshot);
    const failedNow = useSyncExternalStore(subscribe, failed);
    useEffect(() => {
      if (needed && module === undefined && failedNow === undefined) void preload().catch(() => undefined);
    }, [needed, module, failedNow]);
    if (needed && module === undefined && failedNow !== undefined) throw failedNow.error;
    return module;
  }

  return { preload, usePart };
}

/** Renders `children` with the part's module once it is loaded (at once when it already is), `fallback` before. */
export function Deferred<M>({ part, fallback, children }: { part: DeferredPart<M>; fallback: ReactNode; children: (module: M) => ReactNode }): ReactNode {
  const module = part.usePart(true);
  return module === undefined ? fallback : children(module);
}
