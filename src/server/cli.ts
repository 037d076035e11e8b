/**
 * `npm run lotse -- <command>`: administration from the server's shell, with
 * the same configuration (DATABASE_URL / DATABASE_SCHEMA / DATA_DIR) as the server.
 *
 *   create-coordinator [--role admin|coordinator|analyst] <name>
 *                               an account (admin unless --role says otherwise); asks for the
 *                               password twice (hidden) on a terminal, or reads one line from stdin
 *   verify-audit                walks the audit log's hash chain; names the first broken entry
 *                               and exits 1 when the chain is broken
 *   demo-data [--count 695] [--seed N] [--start YYYY-MM-DD] [--weeks N] [--devices N]
 *                               loads a synthetic campaign through the push path
 *   demo-data --remove          deletes the demo tablets and everything they delivered
 *   unlock-login <name>         lifts the sign-in limits on a name (after someone guessed at it)
 *   retention [--date YYYY-MM-DD]            erases what is due on the day (today), stores the report
 *   retention --preview [--date YYYY-MM-DD]  lists what a run on the day would erase; changes nothing
 *   recovery-key create [--replace]  makes the organisation's recovery key pair: publishes the
 *                               public part for the tablets, prints the private part once
 *   form import <file.xlsx> [--dry-run | --publish]
 *                               reads an XLSForm workbook: prints every problem (sheet, row,
 *                               column, reason) and exits 1, or prints what would be published and
 *                               the changes against the published version ("unchanged" when equal);
 *                               --publish publishes it (default and --dry-run: change nothing)
 *   form export <id@version> <file.xlsx>  writes a published form as an XLSForm workbook
 *   form xliff-export <id@version> <lang> <file.xlf>   one language of a published form as XLIFF 2.0
 *                               (= translation export form …, with review states)
 *   form xliff-import <workbook.xlsx> <file.xlf> [--reviewer "Name"]
 *                               takes a translator's XLIFF into a form's unpublished next version's
 *                               spreadsheet (its label columns and review_state), stores the per-string
 *                               states for that version, prints what changed and which strings are
 *                               stale (German changed since the translation); refuses a published version
 *   translation status <form|notice> <id@version>
 *                               per language: complete (offered to applicants), reviewed share, stale strings
 *   translation export <form|notice> <id@version> <lang> <file.xlf|file.xlsx>
 *                               one language of a published version, German beside it, with each
 *                               string's review state, reviewer and date
 *   translation import <file.xlf|file.xlsx> [--reviewer "Name"]
 *                               stores the review states the file sets (draft → translated →
 *                               reviewed; --reviewer is needed when it marks strings reviewed);
 *                               refuses a malformed file (line, unit) and changed text of a
 *                               published version (new text goes into the next version)
 */
import Fastify from 'fastify';
import { configFromEnv } from './config';
import { openDatabase } from './db/database';
import { createCoordinator, normaliseCoordinatorName } from './accounts/coordinators';
import { passwordProblem } from './auth/passwords';
import { createArtifactCatalog } from './artifacts/catalog';
import { publishContentDirectory } from './artifacts/content-dir';
import type { ServerContext } from './context';
import { DEMO_DEFAULTS, insertDemoData, removeDemoData } from './demo/demo-data';
import { unlockLogin } from './auth/rate-limit';
import { roles, type Role } from '../core/api/index';
import { audit, verifyAuditLog } from './audit/log';
import { personKeyHash } from './auth/secrets';
import { previewRetention, runRetention } from './retention/retention';
import type { RetentionItem } from '../core/api/index';
import { createRecoveryKey } from './artifacts/recovery-key';
import { readFileSync, writeFileSync } from 'node:fs';
import { artifactLabel, publishArtifact } from './artifacts/store';
import { exportPublishedForm, planUpload } from './forms/authoring';
import { describeChange } from './forms/diff';
import { exportTranslation, importIntoDraftForm, importTranslation, translationStatus, type ArtifactRef } from './translation/service';
import { answerRecoveryRequest, parseRecoveryRequest } from '../core/encryption/index';

const usage = [
  'usage: npm run lotse -- <command>',
  '  create-coordinator [--role admin|coordinator|analyst] <name>',
  '  verify-audit',
  '  unlock-login <name>',
  `  demo-data [--count ${DEMO_DEFAULTS.count}] [--seed ${DEMO_DEFAULTS.seed}] [--start ${DEMO_DEFAULTS.start}] [--weeks ${DEMO_DEFAULTS.weeks}] [--devices ${DEMO_DEFAULTS.devices}]`,
  '  demo-data --remove',
  '  retention [--preview] [--date YYYY-MM-DD]',
  '  recovery-key create [--replace]',
  '  form import <file.xlsx> [--dry-run | --publish]',
  '  form export <id@version> <file.xlsx>',
  '  form xliff-export <id@version> <lang> <file.xlf>',
  '  form xliff-import <workbook.xlsx> <file.xlf> [--reviewer "Name"]',
  '  recovery-key unlock <request shown by the tablet>   (asks for the private recovery key)',
  '  translation status <form|notice> <id@version>',
  '  translation export <form|notice> <id@version> <lang> <file.xlf|file.xlsx>',
  '  translation import <file.xlf|file.xlsx> [--reviewer "Name"]',
].join('\n');

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

async function createCoordinatorCommand(args: readonly string[]): Promise<void> {
  let role: Role = 'admin';
  const rest = [...args];
  const flag = rest.indexOf('--role');
  if (flag !== -1) {
    const value = rest[flag + 1];
    if (!value || !(roles as readonly string[]).includes(value)) throw new Error(`--role must be one of ${roles.join(', ')}\n${usage}`);
    role = value as Role;
    rest.splice(flag, 2);
  }
  const name = rest.join(' ');
  if (!name.trim()) throw new Error(usage);
  const password = await askPassword();
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  const config = configFromEnv();
  const database = await openDatabase(config);
  try {
    const coordinator = await createCoordinator(database.db, { name, password, now: new Date(), role });
    await audit(database.db, {
      actor: { type: 'system', name: 'command line' },
      action: 'account.create',
      target: { type: 'account', id: coordinator.id },
      details: { name: coordinator.name, role },
      at: new Date(),
    });
    process.stdout.write(`Coordinator "${coordinator.name}" created, role ${role} (${database.describe}).\n`);
  } finally {
    await database.close();
  }
}

/** `--name value` pairs and bare `--flag`s; anything else is a usage error. */
function parseFlags(args: readonly string[], valued: readonly string[], bare: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!.replace(/^--/, '');
    if (!args[i]!.startsWith('--') || (!valued.includes(name) && !bare.includes(name))) throw new Error(`unknown argument "${args[i]}"\n${usage}`);
    if (bare.includes(name)) flags.set(name, 'true');
    else {
      const value = args[++i];
      if (value === undefined) throw new Error(`--${name} needs a value\n${usage}`);
      flags.set(name, value);
    }
  }
  return flags;
}

function wholeNumber(flags: Map<string, string>, name: string): number | undefined {
  const value = flags.get(name);
  if (value === undefined) return undefined;
  if (!/^-?[0-9]+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

async function demoDataCommand(args: readonly string[]): Promise<void> {
  const flags = parseFlags(args, ['count', 'seed', 'start', 'weeks', 'devices'], ['remove']);
  const config = configFromEnv();
  const database = await openDatabase(config);
  try {
    const context: ServerContext = { config, database, now: () => new Date(), artifacts: createArtifactCatalog(database.db), personKey: await personKeyHash(database.db, config.personKeySecret) };
    if (flags.has('remove')) {
      if (flags.size > 1) throw new Error(`--remove takes no other arguments\n${usage}`);
      const removed = await removeDemoData(context);
      process.stdout.write(`Removed ${removed.records} demo records and ${removed.devices} demo tablets (${database.describe}).\n`);
      return;
    }
    // The campaign needs the published form and notice, as on a server that has started once.
    await publishContentDirectory(database.db, config.contentDir, { now: () => new Date(), log: Fastify({ logger: { level: 'warn' } }).log });
    const count = wholeNumber(flags, 'count');
    const seed = wholeNumber(flags, 'seed');
    const weeks = wholeNumber(flags, 'weeks');
    const devices = wholeNumber(flags, 'devices');
    const start = flags.get('start');
    let shown = -1;
    const summary = await insertDemoData(context, {
      ...(count !== undefined && { count }),
      ...(seed !== undefined && { seed }),
      ...(weeks !== undefined && { weeks }),
      ...(devices !== undefined && { devices }),
      ...(start !== undefined && { start }),
      onProgress(done, total) {
        const percent = Math.floor((done / total) * 100);
        if (percent !== shown && process.stderr.isTTY) process.stderr.write(`\r${percent} % (${done} of ${total})`);
        shown = percent;
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(
      `Loaded a demo campaign: ${summary.records} interviews (${summary.refusals} refusals, ${summary.withdrawals} later withdrawals) ` +
        `from ${summary.devices} demo tablets (${database.describe}). Remove it with: npm run lotse -- demo-data --remove\n`,
    );
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

/** Exit status 1 (through the thrown error) when the chain is broken. */
async function verifyAuditCommand(args: readonly string[]): Promise<void> {
  if (args.length > 0) throw new Error(usage);
  const database = await openDatabase(configFromEnv());
  try {
    const result = await verifyAuditLog(database.db);
    if (!result.ok) {
      throw new Error(`The audit log is broken at entry ${result.seq}: ${result.message}. ${result.entries} entries before it are intact (${database.describe}).`);
    }
    const head = result.head ? ` The last is entry ${result.head.seq}, hash ${result.head.hash}; note it elsewhere to check this log against later.` : '';
    process.stdout.write(`The audit log is intact: ${result.entries} entries.${head} (${database.describe})\n`);
  } finally {
    await database.close();
  }
}

async function retentionCommand(args: readonly string[]): Promise<void> {
  const flags = parseFlags(args, ['date'], ['preview']);
  const date = flags.get('date');
  if (date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))) {
    throw new Error(`--date must be a day as YYYY-MM-DD, got "${date}"`);
  }
  const config = configFromEnv();
  const database = await openDatabase(config);
  try {
    const line = (item: RetentionItem) => `  ${item.recordId}  ${item.kind.padEnd(7)}  since ${item.since} (${item.sinceSource})  due ${item.dueOn}\n`;
    if (flags.has('preview')) {
      const preview = await previewRetention(database.db, date ?? new Date().toISOString().slice(0, 10));
      process.stdout.write(`On ${preview.date} the retention job would erase ${preview.due.length} record(s) (${database.describe}):\n`);
      for (const item of preview.due) process.stdout.write(line(item));
      return;
    }
    const context: ServerContext = { config, database, now: () => new Date(), artifacts: createArtifactCatalog(database.db), personKey: await personKeyHash(database.db, config.personKeySecret) };
    const run = await runRetention(context, { trigger: 'cli', ranBy: 'cli', ...(date !== undefined && { date }) });
    if (!run) throw new Error('the run stored nothing');
    process.stdout.write(`Retention run ${run.id} for ${run.runOn} erased ${run.erasedCount} record(s) (${database.describe}):\n`);
    for (const item of run.erased) process.stdout.write(line(item));
  } finally {
    await database.close();
  }
}

/**
 * `recovery-key unlock <request>` (issue #12 item 4): the one-time code for a locked tablet's
 * recovery request. The private recovery key is asked for hidden (or read as the first line of
 * stdin); it is used in this process only and stored nowhere. See src/core/encryption/recovery-code.ts.
 */
async function recoveryUnlockCommand(args: readonly string[]): Promise<void> {
  const requestText = args.join('');
  if (!requestText) throw new Error('Give the request the tablet shows: npm run lotse -- recovery-key unlock LOTSE-RECOVERY-1:…');
  const { wrap } = parseRecoveryRequest(requestText);
  const database = await openDatabase(configFromEnv());
  try {
    const row = await database.db.selectFrom('artifacts').select('body').where('kind', '=', 'recovery-key').execute();
    const recoveryKey = row.map((r) => JSON.parse(r.body) as { keyId: string }).find((key) => key.keyId === wrap.recoveryKeyId);
    if (!recoveryKey) throw new Error(`The tablet's key is wrapped for recovery key ${wrap.recoveryKeyId}, which this server never published.`);
    const privateKeyText = process.stdin.isTTY ? await readHiddenLine(`Private recovery key ${wrap.recoveryKeyId}: `) : await readFirstLineOfStdin();
    const code = await answerRecoveryRequest(requestText, privateKeyText, recoveryKey);
    await audit(database.db, {
      actor: { type: 'system', name: 'command line' },
      action: 'recovery_key.unlock',
      target: { type: 'recovery-key', id: wrap.recoveryKeyId },
      details: { dataKeyId: wrap.keyId },
      at: new Date(),
    });
    process.stdout.write(`One-time code for the tablet (valid only for the request it answers; read it out or type it in):\n\n    ${code}\n`);
  } finally {
    await database.close();
  }
}

async function recoveryKeyCommand(args: readonly string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'unlock') return recoveryUnlockCommand(rest);
  if (subcommand !== 'create') throw new Error(usage);
  const flags = parseFlags(rest, [], ['replace']);
  const database = await openDatabase(configFromEnv());
  try {
    const created = await createRecoveryKey(database.db, { now: new Date(), replace: flags.has('replace'), actor: 'command line' });
    const { artifact } = created;
    const retired = created.retired.length > 0 ? ` Retired: version ${created.retired.join(', ')} — keep its private key until every tablet has synced since.` : '';
    process.stdout.write(
      `Recovery key ${artifact.keyId} (version ${artifact.version}) published; tablets wrap their data key for it on their next sync (${database.describe}).${retired}\n\n` +
        'PRIVATE RECOVERY KEY — shown only now, stored nowhere. Write it down or print it and keep it offline (a safe);\n' +
        'it unlocks any tablet of this organisation whose PIN is forgotten, and nothing else can:\n\n' +
        `    ${created.privateKeyText}\n\n` +
        `    key id ${artifact.keyId}, made ${artifact.createdAt}\n`,
    );
  } finally {
    await database.close();
  }
}

/** The coordinator's language for problem messages: German when LANG says so, else English. */
const cliLanguage = (): 'de' | 'en' => ((process.env.LANG ?? '').toLowerCase().startsWith('de') ? 'de' : 'en');

async function formCommand(args: readonly string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'export') {
    const [ref, file, ...extra] = rest;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)@([1-9][0-9]*)$/.exec(ref ?? '');
    if (!match || !file || extra.length > 0) throw new Error(`form export needs <id@version> <file.xlsx>\n${usage}`);
    const database = await openDatabase(configFromEnv());
    try {
      const bytes = await exportPublishedForm(database.db, match[1]!, Number(match[2]));
      if (!bytes) throw new Error(`${ref} is not published (${database.describe})`);
      writeFileSync(file, bytes);
      process.stdout.write(`Wrote ${ref} to ${file} (${bytes.length} bytes).\n`);
    } finally {
      await database.close();
    }
    return;
  }
  if (subcommand === 'xliff-export') {
    const [ref, lang, file, ...extra] = rest;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)@([1-9][0-9]*)$/.exec(ref ?? '');
    if (!match || !lang || !file || extra.length > 0) throw new Error(`form xliff-export needs <id@version> <lang> <file.xlf>\n${usage}`);
    const database = await openDatabase(configFromEnv());
    try {
      // The translation workflow's export (also `translation export form …`): with each string's review state.
      const out = await exportTranslation(database.db, { kind: 'form', id: match[1]!, version: Number(match[2]) }, lang, 'xliff');
      if (!out.ok) throw new Error(`${out.message} (${database.describe})`);
      writeFileSync(file, out.bytes);
      process.stdout.write(`Wrote ${ref} in ${lang} as XLIFF 2.0 to ${file}.\n`);
    } finally {
      await database.close();
    }
    return;
  }
  if (subcommand === 'xliff-import') {
    const files = rest.filter((arg, i) => !arg.startsWith('--') && rest[i - 1] !== '--reviewer');
    const flags = parseFlags(rest.filter((arg) => !files.includes(arg)), ['reviewer'], []);
    const [workbook, xliffFile, ...extra] = files;
    if (!workbook || !xliffFile || extra.length > 0) throw new Error(`form xliff-import needs <workbook.xlsx> <file.xlf>\n${usage}`);
    const database = await openDatabase(configFromEnv());
    try {
      // The same code as POST /api/v1/forms/xlsform/translation.
      const result = await importIntoDraftForm(database.db, {
        workbook: readFileSync(workbook),
        xliff: readFileSync(xliffFile),
        reviewer: flags.get('reviewer') ?? null,
        actor: 'command line',
        now: new Date(),
      });
      if (result.status === 'invalid') throw new Error(`${xliffFile}: nothing imported:\n${result.problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`);
      if (result.status !== 'imported') throw new Error(`${workbook}: ${result.message}`);
      writeFileSync(workbook, result.workbook);
      process.stdout.write(
        `${workbook}: ${result.changed.length} ${result.lang} string(s) changed; ${result.stale.length} stale (German changed since the translation): ${result.stale.join(', ') || '—'}; ` +
          `${result.missing.length} without a translation; ${result.reviewed} review state(s) stored for ${result.ref.id}@${result.ref.version} (${database.describe}).\n`,
      );
    } finally {
      await database.close();
    }
    return;
  }
  if (subcommand !== 'import') throw new Error(usage);
  const files = rest.filter((arg) => !arg.startsWith('--'));
  const flags = parseFlags(rest.filter((arg) => arg.startsWith('--')), [], ['dry-run', 'publish']);
  if (files.length !== 1) throw new Error(`form import needs one <file.xlsx>\n${usage}`);
  if (flags.has('dry-run') && flags.has('publish')) throw new Error('--dry-run and --publish exclude each other');
  const file = files[0]!;
  const bytes = readFileSync(file);
  const lang = cliLanguage();
  const database = await openDatabase(configFromEnv());
  try {
    const plan = await planUpload(database.db, bytes);
    if (!plan.ok) {
      for (const p of plan.problems) {
        const where = [p.sheet, p.row !== undefined ? `row ${p.row}` : '', p.column ?? ''].filter((part) => part !== '').join(', ');
        process.stdout.write(`${where}: ${p.message[lang]}\n`);
      }
      throw new Error(`${file}: ${plan.problems.length} problem(s); nothing was published.`);
    }
    const label = `${plan.definition.id}@${plan.definition.version}`;
    if (plan.status === 'unchanged') {
      process.stdout.write(`${label} is unchanged: it equals the published version. Nothing to publish.\n`);
      return;
    }
    const against = plan.published ? `${plan.published.id}@${plan.published.version}` : 'nothing published yet';
    process.stdout.write(`${label}: ${plan.changes.length} change(s) against ${against}\n`);
    for (const change of plan.changes) process.stdout.write(`  ${describeChange(change)}\n`);
    if (!flags.has('publish')) {
      process.stdout.write(`Dry run: nothing published. Publish with: npm run lotse -- form import ${file} --publish\n`);
      return;
    }
    const now = new Date();
    const outcome = await publishArtifact(database.db, plan.artifact, { now, publishedBy: null });
    await audit(database.db, {
      actor: { type: 'system', name: 'command line' },
      action: 'content.publish',
      target: { type: 'artifact', id: artifactLabel(plan.artifact) },
      details: { kind: 'form', id: plan.artifact.id, version: plan.artifact.version, lang: null, sha256: plan.artifact.sha256, changeNo: outcome.changeNo, file },
      at: now,
    });
    process.stdout.write(`Published ${label} (change ${outcome.changeNo}); tablets pull it on their next sync (${database.describe}).\n`);
  } finally {
    await database.close();
  }
}

function translationRef(kind: string | undefined, ref: string | undefined): ArtifactRef {
  const match = /^([A-Za-z_][A-Za-z0-9_-]*)@([1-9][0-9]*)$/.exec(ref ?? '');
  if ((kind !== 'form' && kind !== 'notice') || !match) throw new Error(`give <form|notice> <id@version>\n${usage}`);
  return { kind, id: match[1]!, version: Number(match[2]) };
}

/** `translation …` (issue 13 item 4): the same code as /api/v1/translations (translation/service.ts). */
async function translationCommand(args: readonly string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  const database = await openDatabase(configFromEnv());
  try {
    if (subcommand === 'status') {
      const [kind, ref, ...extra] = rest;
      if (extra.length > 0) throw new Error(usage);
      const status = await translationStatus(database.db, translationRef(kind, ref));
      if (!status) throw new Error(`${kind} ${ref} is not published (${database.describe})`);
      for (const l of status.languages) {
        process.stdout.write(
          `${l.lang.padEnd(4)} ${l.complete ? 'complete  ' : 'incomplete'}  reviewed ${l.reviewed}/${l.total} (${Math.floor((l.reviewed / Math.max(1, l.total)) * 100)} %)  ` +
            `stale ${l.stale.length}${l.stale.length > 0 ? `: ${l.stale.slice(0, 5).join(', ')}${l.stale.length > 5 ? ', …' : ''}` : ''}\n`,
        );
      }
      return;
    }
    if (subcommand === 'export') {
      const [kind, ref, lang, file, ...extra] = rest;
      if (!lang || !file || extra.length > 0) throw new Error(`translation export needs <form|notice> <id@version> <lang> <file.xlf|file.xlsx>\n${usage}`);
      const format = file.endsWith('.xlsx') ? 'xlsx' : file.endsWith('.xlf') || file.endsWith('.xliff') ? 'xliff' : null;
      if (!format) throw new Error('the file must end in .xlf (XLIFF 2.0) or .xlsx');
      const out = await exportTranslation(database.db, translationRef(kind, ref), lang, format);
      if (!out.ok) throw new Error(out.message);
      writeFileSync(file, out.bytes);
      process.stdout.write(`Wrote ${kind} ${ref} in ${lang} to ${file}.\n`);
      return;
    }
    if (subcommand === 'import') {
      const files = rest.filter((arg, i) => !arg.startsWith('--') && rest[i - 1] !== '--reviewer');
      const flags = parseFlags(rest.filter((arg) => !files.includes(arg)), ['reviewer'], []);
      if (files.length !== 1) throw new Error(`translation import needs one <file.xlf|file.xlsx>\n${usage}`);
      const outcome = await importTranslation(database.db, { bytes: readFileSync(files[0]!), reviewer: flags.get('reviewer') ?? null, actor: 'command line', now: new Date() });
      if (outcome.status === 'invalid') throw new Error(`${files[0]}: nothing imported:\n${outcome.problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`);
      if (outcome.status !== 'imported') throw new Error(outcome.message);
      if (outcome.changed.length > 0) {
        await audit(database.db, {
          actor: { type: 'system', name: 'command line' },
          action: 'content.translation_import',
          target: { type: 'artifact', id: `${outcome.ref.kind}:${outcome.ref.id}@${outcome.ref.version}:${outcome.lang}` },
          details: { ...outcome.ref, lang: outcome.lang, changed: outcome.changed.length, reviewed: outcome.changed.filter((c) => c.to === 'reviewed').length, reviewer: flags.get('reviewer') ?? null, file: files[0] },
          at: new Date(),
        });
      }
      process.stdout.write(
        `${outcome.ref.kind} ${outcome.ref.id}@${outcome.ref.version} ${outcome.lang}: ${outcome.changed.length} review state(s) changed` +
          `${outcome.changed.length > 0 ? ` (${outcome.changed.map((c) => `${c.id} ${c.from} → ${c.to}`).slice(0, 10).join('; ')}${outcome.changed.length > 10 ? '; …' : ''})` : ''}` +
          `; ${outcome.stale.length} string(s) translated from an older German text, not taken${outcome.stale.length > 0 ? `: ${outcome.stale.join(', ')}` : ''} (${database.describe}).\n`,
      );
      return;
    }
    throw new Error(usage);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === 'create-coordinator') return createCoordinatorCommand(args);
  if (command === 'verify-audit') return verifyAuditCommand(args);
  if (command === 'demo-data') return demoDataCommand(args);
  if (command === 'unlock-login') return unlockLoginCommand(args.join(' '));
  if (command === 'retention') return retentionCommand(args);
  if (command === 'recovery-key') return recoveryKeyCommand(args);
  if (command === 'form') return formCommand(args);
  if (command === 'translation') return translationCommand(args);
  throw new Error(usage);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
