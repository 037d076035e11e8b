/**
 * The coordinator API contract: request and answer schemas shared by the server's routes and
 * the app's client. The one entry point; import nothing else from this folder.
 */
export * from './coordinator';
export * from './erasure';
export * from './handover';
export * from './authoring';
