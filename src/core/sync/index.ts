export * from './protocol';
export { canonicalJson } from './canonical-json';
