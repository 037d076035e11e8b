import { useEffect, useRef, type ReactNode } from 'react';

/** The heading of a step; it takes the focus when the step opens, so screen readers announce it. */
export function StepHeading({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 id={id} ref={ref} tabIndex={-1} className="consent-step__title">
      {children}
    </h2>
  );
}
