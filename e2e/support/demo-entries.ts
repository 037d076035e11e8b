/**
 * Demo interviews as a tablet would push them, for specs that seed the server through the real
 * push route: the published Profilingbogen 1 and notice 1 in every language (read from the content
 * the server publishes) for `demoCampaign`, and one push entry per revision.
 */
import fs from 'node:fs';
import path from 'node:path';
import { noticeArtifactSchema, noticeRef, type NoticeArtifact } from '../../src/core/consent/index';
import { parseFormDefinition } from '../../src/core/form/index';
import { payloadHash, type InterviewRecord } from '../../src/core/record/index';
import { canonicalJson } from '../../src/core/sync/index';
import type { DemoInterview } from '../../src/server/demo/campaign';

const contentDir = path.resolve(import.meta.dirname, '../../content');

/** The published Profilingbogen 1 and notice 1 in every language. */
export function publishedContentV1() {
  const parsed = parseFormDefinition(JSON.parse(fs.readFileSync(path.join(contentDir, 'forms/profilingbogen@1.json'), 'utf8')));
  if (!parsed.ok) throw new Error('the Profilingbogen does not parse');
  const notices = new Map<string, NoticeArtifact>();
  for (const file of fs.readdirSync(path.join(contentDir, 'notices/notice@1'))) {
    const notice = noticeArtifactSchema.parse(JSON.parse(fs.readFileSync(path.join(contentDir, 'notices/notice@1', file), 'utf8')));
    notices.set(notice.lang, notice);
  }
  return { forms: [parsed.definition], notices: new Map([[1, notices]]) };
}

/** The push entry of revision `rev` of a demo interview. */
export function pushEntryOf(interview: DemoInterview, payload: InterviewRecord, rev: number, seq: number) {
  const plain = JSON.parse(canonicalJson(payload)) as Record<string, unknown>;
  return { seq, recordId: interview.recordId, rev, baseRev: rev - 1, formRef: interview.formRef, noticeRef: noticeRef(interview.notice), payload: plain, payloadSha256: payloadHash(plain) };
}
