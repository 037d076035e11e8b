/**
 * `npm run lotse -- <command>`: administration from the server's shell, with
 * the same configuration (DATABASE_URL / DATABASE_SCHEMA / DATA_DIR) as the server.
 *
 *   create-coordinator <name>   asks for the password twice (hidden) on a terminal,
 *                               or reads one line from stdin otherwise
 *   unlock-login <name>         lifts the sign-in limits on a name (after someone guessed at it)
 */
import { configFromEnv } from './config';
import { openDatabase } from './db/database';
import { createCoordinator } from './accounts/coordinators';
import { passwordProblem } from './auth/passwords';
import { unlockLogin } from './auth/rate-limit';
import { normaliseCoordinatorName } from './accounts/coordinators';

const usage = 'usage: npm run lotse -- create-coordinator <name> | unlock-login <name>';

/** Reads one line from a terminal without echoing it. */
function readHiddenLine(prompt: string): Promise<string> {
  const input = process.stdin;
  // Raw mode first: anything typed after the prompt appears must not be echoed.
  input.setRawMode(true);
  process.stderr.write(prompt);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') line = [...line].slice(0, -1).join('');
        else if (char >= ' ') line += char;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of stdin (for scripts: `echo "$PASSWORD" | npm run lotse -- create-coordinator anna`). */
async function readFirstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readFirstLineOfStdin();
  const password = await readHiddenLine('Password (at least 10 characters): ');
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  if ((await readHiddenLine('Repeat the password: ')) !== password) throw new Error('The passwords differ.');
  return password;
}

async function createCoordinatorCommand(name: string | undefined): Promise<void> {
  if (!name?.trim()) throw new Error(usage);
  const password = await askPassword();
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  const config = configFromEnv();
  const database = await openDatabase(config);
  try {
    const coordinator = await createCoordinator(database.db, { name, password, now: new Date() });
    process.stdout.write(`Coordinator "${coordinator.name}" created (${database.describe}).\n`);
  } finally {
    await database.close();
  }
}

async function unlockLoginCommand(rawName: string): Promise<void> {
  const name = normaliseCoordinatorName(rawName);
  if (!name) throw new Error(usage);
  const database = await openDatabase(configFromEnv());
  try {
    const forgotten = await unlockLogin(database.db, name);
    process.stdout.write(`Sign-in for "${name}" unlocked (${forgotten} failed attempt${forgotten === 1 ? '' : 's'} forgotten).\n`);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === 'create-coordinator') return createCoordinatorCommand(args.join(' '));
  if (command === 'unlock-login') return unlockLoginCommand(args.join(' '));
  throw new Error(usage);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
