/**
 * Writes content/disclosure/profilingbogen@2+notice@3.json and profilingbogen@3+notice@3.json, the
 * recipient mapping of Profilingbogen versions 2 and 3 for records captured under notice@3, and
 * content/disclosure/notice@3.requires.json, what storing an answer under notice@3 needs.
 *   npx tsx scripts/content/build-notice-mapping.ts          write them
 *   npx tsx scripts/content/build-notice-mapping.ts --check  exit 1 when a file differs
 *
 * Profilingbogen v2 is published and immutable; its own mapping names the recipients of notice@1/2
 * (`ihk-hwk`) and no `statistics` purpose. notice@3 names IHK (`ihk`) and the Handwerkskammer
 * (`hwk`) separately and asks for the health item explicitly, so records captured under it are
 * mapped by this sidecar (see content/README.md "Recipient mappings"):
 * - every disclosure of v2 is kept, `ihk-hwk` becoming `ihk` and `hwk` (same fields);
 * - the work-restriction answer (health) may go to the Jobcenter and the Agentur für Arbeit for the
 *   referral — and only where the person accepted the health item (`requires`);
 * - `requires` (a file of its own: one table per notice version, for every form version — the
 *   interview's path loads it without the mappings, issue #15): the counsellor's assessment and recommended measures need `counselling`, the
 *   referrals `referral`, the health answer `health`; everything else the core purpose `profiling`.
 * Profilingbogen v3 names `ihk` and `hwk` in its own mapping already (its spreadsheet), so the split
 * changes nothing there; its sidecar adds the same `statistics` purpose and health mapping as v2's,
 * and the one `requires` table holds for both, so a record under notice@3 is treated alike on both
 * versions (`core/record` `storageRequirements`).
 * The script runs from the committed forms and notice; the committed JSON is the artifact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Disclosure = { purposes: string[]; recipients: string[] };
interface Node { id: string; disclosure?: Disclosure; items?: Node[] }

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const notice = JSON.parse(fs.readFileSync(path.join(root, 'content/notices/notice@3/de.json'), 'utf8')) as {
  purposes: { id: string }[]; recipients: { id: string }[];
};

const split = (recipients: string[]) => recipients.flatMap((id) => (id === 'ihk-hwk' ? ['ihk', 'hwk'] : [id]));
const mapped = (d: Disclosure): Disclosure => ({ purposes: [...d.purposes], recipients: split(d.recipients) });

function sidecarFor(version: number) {
  const form = JSON.parse(fs.readFileSync(path.join(root, `content/forms/profilingbogen@${version}.json`), 'utf8')) as {
    id: string; version: number; disclosure: Disclosure; sections: Node[];
  };
  const sections: Record<string, Disclosure> = {};
  const items: Record<string, Disclosure> = {};
  for (const section of form.sections) {
    if (section.disclosure) sections[section.id] = mapped(section.disclosure);
    for (const item of section.items ?? []) {
      if (item.disclosure) items[item.id] = mapped(item.disclosure);
      for (const field of item.items ?? []) if (field.disclosure) items[`${item.id}.${field.id}`] = mapped(field.disclosure);
    }
  }
  items['workRestrictions'] = { purposes: ['referral'], recipients: ['jobcenter', 'agentur-fuer-arbeit'] };

  const sidecar = {
    form: `${form.id}@${form.version}`,
    notice: 'notice@3',
    disclosure: { purposes: notice.purposes.map((p) => p.id), recipients: notice.recipients.map((r) => r.id) },
    sections,
    items,
  };
  return sidecar;
}

const requirements = {
  notice: 'notice@3',
  requires: {
    interviewerAssessment: ['counselling'],
    recommendedMeasures: ['counselling'],
    recommendedMeasuresOther: ['counselling'],
    referrals: ['referral'],
    workRestrictions: ['health'],
  },
};

let differs = false;
const files: [string, unknown][] = [
  ...[2, 3].map((version): [string, unknown] => [`content/disclosure/profilingbogen@${version}+notice@3.json`, sidecarFor(version)]),
  ['content/disclosure/notice@3.requires.json', requirements],
];
for (const [name, json] of files) {
  const file = path.join(root, name);
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
    if (!same) console.error(`${path.relative(root, file)} is not what the script builds`);
    differs ||= !same;
  } else {
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}
process.exitCode = differs ? 1 : 0;
