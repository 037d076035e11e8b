// The bundle baseline: the raw cost of React 19 + react-dom, built with the app's Vite and React plugin.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Hallo</h1>
  </StrictMode>,
);
