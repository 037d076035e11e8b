import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (bench/ lives directly under it). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const benchDir = path.join(repoRoot, 'bench');
