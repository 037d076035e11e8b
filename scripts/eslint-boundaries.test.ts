// The import boundaries live in eslint.config.js; this proves that they catch what they are for,
// by linting small snippets as if they were files at the given paths.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)) });

// Loading the config and its plugins takes seconds on a busy machine; do it once, not inside the first test's time limit.
beforeAll(() => eslint.calculateConfigForFile('src/app/App.tsx'), 60_000);

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('Dexie stays in src/data', () => {
  it('refuses dexie-react-hooks in the app', async () => {
    expect(await restrictedImports('src/app/screens/Fixture.tsx', "import { useLiveQuery as x } from 'dexie-react-hooks';")).toEqual([
      expect.stringContaining('Dexie stays in src/data'),
    ]);
  });

  it.each([
    ['src/app/screens/Fixture.tsx', "import x from 'dexie';"],
    ['src/app/Fixture.ts', "import { liveQuery as x } from 'dexie/dist/dexie.mjs';"],
    ['src/core/form/fixture.ts', "import { useLiveQuery as x } from 'dexie-react-hooks';"],
    ['src/server/routes/fixture.ts', "import { useLiveQuery as x } from 'dexie-react-hooks';"],
    ['bench/lib/fixture.ts', "import x from 'dexie';"],
    ['integration/fixture.test.ts', "import { useLiveQuery as x } from 'dexie-react-hooks';"],
  ])('refuses Dexie in %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toHaveLength(1);
  });

  it('lets src/data use Dexie', async () => {
    expect(await restrictedImports('src/data/fixture.ts', "import { liveQuery as x } from 'dexie';")).toEqual([]);
  });
});

describe('the app reaches src/data through its functions only', () => {
  it('allows the functions of src/data/index.ts', async () => {
    expect(await restrictedImports('src/app/screens/Fixture.tsx', "import { getRecord as x } from '../../data';")).toEqual([]);
  });

  it('refuses the database type, which would let a screen query tables', async () => {
    expect(await restrictedImports('src/app/screens/Fixture.tsx', "import type { LotseDatabase as x } from '../../data';")).toEqual([
      expect.stringContaining('does not query the database itself'),
    ]);
  });

  it('refuses a module inside src/data', async () => {
    expect(await restrictedImports('src/app/interview/Fixture.tsx', "import { openDatabaseNamed as x } from '../../data/db';")).toEqual([
      expect.stringContaining('through src/data/index.ts only'),
    ]);
  });
});
