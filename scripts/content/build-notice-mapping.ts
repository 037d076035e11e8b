/**
 * Writes content/disclosure/profilingbogen@2+notice@3.json: the recipient mapping of Profilingbogen
 * version 2 for records captured under notice@3, and what storing each answer needs.
 *   npx tsx scripts/content/build-notice-mapping.ts          write it
 *   npx tsx scripts/content/build-notice-mapping.ts --check  exit 1 when the file differs
 *
 * Profilingbogen v2 is published and immutable; its own mapping names the recipients of notice@1/2
 * (`ihk-hwk`) and no `statistics` purpose. notice@3 names IHK (`ihk`) and the Handwerkskammer
 * (`hwk`) separately and asks for the health item explicitly, so records captured under it are
 * mapped by this sidecar (see content/README.md "Recipient mappings"):
 * - every disclosure of v2 is kept, `ihk-hwk` becoming `ihk` and `hwk` (same fields);
 * - the work-restriction answer (health) may go to the Jobcenter and the Agentur für Arbeit for the
 *   referral — and only where the person accepted the health item (`requires`);
 * - `requires`: the counsellor's assessment and recommended measures need `counselling`, the
 *   referrals `referral`, the health answer `health`; everything else the core purpose `profiling`.
 * The script runs from the committed form and notice; the committed JSON is the artifact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Disclosure = { purposes: string[]; recipients: string[] };
interface Node { id: string; disclosure?: Disclosure; items?: Node[] }

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const form = JSON.parse(fs.readFileSync(path.join(root, 'content/forms/profilingbogen@2.json'), 'utf8')) as {
  id: string; version: number; disclosure: Disclosure; sections: Node[];
};
const notice = JSON.parse(fs.readFileSync(path.join(root, 'content/notices/notice@3/de.json'), 'utf8')) as {
  purposes: { id: string }[]; recipients: { id: string }[];
};

const split = (recipients: string[]) => recipients.flatMap((id) => (id === 'ihk-hwk' ? ['ihk', 'hwk'] : [id]));
const mapped = (d: Disclosure): Disclosure => ({ purposes: [...d.purposes], recipients: split(d.recipients) });

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
  requires: {
    interviewerAssessment: ['counselling'],
    recommendedMeasures: ['counselling'],
    recommendedMeasuresOther: ['counselling'],
    referrals: ['referral'],
    workRestrictions: ['health'],
  },
};

const file = path.join(root, 'content/disclosure/profilingbogen@2+notice@3.json');
const text = `${JSON.stringify(sidecar, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
  if (!same) console.error(`${path.relative(root, file)} is not what the script builds`);
  process.exitCode = same ? 0 : 1;
} else {
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(root, file)}`);
}
