// The cold-start baseline registers its service worker like the app: from a script file, not inline.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js');
