// Unit tests of src/data run against fake-indexeddb: a full IndexedDB implementation in memory.
import 'fake-indexeddb/auto';
