// The tablet's IndexedDB in Node, installed as globals before src/data (Dexie reads them when it loads).
import 'fake-indexeddb/auto';
