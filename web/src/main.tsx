/** Starts the app: fonts and styles (bundled, nothing from a CDN), i18n, React, the service worker. */
import '@fontsource-variable/inter';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startI18n } from './i18n/index.ts';

await startI18n();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  // The top-level await above can outlast the load event: then register at once, or never.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
}
