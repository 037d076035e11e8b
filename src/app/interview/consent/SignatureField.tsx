import { useEffect, useId, useRef, type ReactNode } from 'react';
import SignaturePad from 'signature_pad';
import { strokesFromPointGroups, type SignatureDraft } from './consent-draft';

/**
 * A drawn signature or mark on a canvas (signature_pad). Reports the vector strokes and a PNG
 * after every stroke, `null` when cleared. The canvas follows its box size; the drawing survives
 * a resize and a return to the step because it is redrawn from the strokes.
 */
export function SignatureField({ value, onChange, label, canvasName, clearLabel, testId }: {
  value: SignatureDraft | null;
  onChange: (drawing: SignatureDraft | null) => void;
  label: ReactNode;
  /** The canvas's accessible name in the UI language; the bilingual label describes it. */
  canvasName: string;
  clearLabel: ReactNode;
  testId: string;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const labelId = useId();
  // The latest callback and value without re-creating the pad on every render.
  const onChangeRef = useRef(onChange);
  const valueRef = useRef(value);
  useEffect(() => {
    onChangeRef.current = onChange;
    valueRef.current = value;
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, { backgroundColor: 'rgb(255, 255, 255)', penColor: 'rgb(20, 30, 60)' });
    padRef.current = pad;

    const redraw = (strokes: SignatureDraft['strokes']) => {
      pad.fromData(strokes.map((stroke) => ({
        points: stroke.map((point) => ({ x: point.x, y: point.y, time: point.t, pressure: 0.5 })),
        dotSize: pad.dotSize,
        minWidth: pad.minWidth,
        maxWidth: pad.maxWidth,
        penColor: pad.penColor,
        velocityFilterWeight: pad.velocityFilterWeight,
        compositeOperation: pad.compositeOperation,
      })));
    };
    const fitToBox = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const width = canvas.offsetWidth;
      const height = canvas.offsetHeight;
      if (width === 0 || height === 0) return;
      if (canvas.width === Math.round(width * ratio) && canvas.height === Math.round(height * ratio)) return;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.getContext('2d')?.scale(ratio, ratio);
      // Resizing a canvas wipes it; draw the strokes again.
      pad.clear();
      const strokes = valueRef.current?.strokes ?? [];
      if (strokes.length > 0) redraw(strokes);
    };
    fitToBox();

    const report = () => {
      if (pad.isEmpty()) {
        onChangeRef.current(null);
        return;
      }
      onChangeRef.current({ strokes: strokesFromPointGroups(pad.toData()), png: pad.toDataURL('image/png') });
    };
    pad.addEventListener('endStroke', report);
    const observer = new ResizeObserver(fitToBox);
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      pad.removeEventListener('endStroke', report);
      pad.off();
      padRef.current = null;
    };
  }, []);

  const clear = () => {
    padRef.current?.clear();
    onChange(null);
  };

  return (
    <div className="signature-field" data-testid={testId}>
      <p id={labelId} className="signature-field__label">{label}</p>
      <canvas ref={canvasRef} className="signature-field__canvas" role="img" aria-label={canvasName} aria-describedby={labelId} data-testid={`${testId}-canvas`} />
      <div className="actions">
        <button type="button" className="button" onClick={clear} disabled={value === null}>{clearLabel}</button>
      </div>
    </div>
  );
}
