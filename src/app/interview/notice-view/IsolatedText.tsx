import { latinRuns } from './latin-runs';

/**
 * A text in a notice's language; in a right-to-left language each Latin run is a `<bdi dir="ltr">`
 * (see latin-runs.ts). The characters are exactly those of `text`.
 */
export function IsolatedText({ text, dir }: { text: string; dir: 'ltr' | 'rtl' }) {
  if (dir === 'ltr') return <>{text}</>;
  return (
    <>
      {latinRuns(text).map((part, index) => (part.kind === 'latin' ? <bdi key={index} dir="ltr">{part.text}</bdi> : part.text))}
    </>
  );
}
