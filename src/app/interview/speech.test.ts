import { describe, expect, it } from 'vitest';
import { noticeArtifactSchema, noticeBlocks } from '../../core/consent';
import faJson from '../../../content/notices/notice@1/fa.json';
import { noticeAudioUrl, readAloudSource, speakableChunks, voiceFor } from './speech';

const fa = noticeArtifactSchema.parse(faJson);
const voice = (lang: string, name = lang, localService = false) => ({ lang, name, localService });

describe('voiceFor', () => {
  it('finds a voice whose language starts with the notice language', () => {
    expect(voiceFor([voice('de-DE'), voice('fa-IR')], 'fa')?.lang).toBe('fa-IR');
    expect(voiceFor([voice('fa_IR')], 'fa')?.lang).toBe('fa_IR');
    expect(voiceFor([voice('FA')], 'fa')?.lang).toBe('FA');
  });

  it('does not take a language that merely shares letters', () => {
    // "ti" (Tigrinya) is not "tig" (Tigre); "ps" is not "pt".
    expect(voiceFor([voice('tig-ER'), voice('pt-BR')], 'ti')).toBeUndefined();
  });

  it('prefers a local voice, which works offline', () => {
    expect(voiceFor([voice('ar-SA', 'online'), voice('ar-EG', 'local', true)], 'ar')?.name).toBe('local');
  });
});

describe('readAloudSource', () => {
  it('speech where there is a voice, else the recording, else nothing', () => {
    expect(readAloudSource('fa', [voice('fa-IR')], '/audio/fa.mp3')).toMatchObject({ kind: 'speech' });
    expect(readAloudSource('fa', [voice('de-DE')], '/audio/fa.mp3')).toEqual({ kind: 'audio', url: '/audio/fa.mp3' });
    expect(readAloudSource('fa', [voice('de-DE')], undefined)).toEqual({ kind: 'none' });
  });
});

describe('noticeAudioUrl', () => {
  it('is read from the notice when present', () => {
    expect(noticeAudioUrl(fa)).toBeUndefined();
    expect(noticeAudioUrl({ ...fa, audioUrl: '/audio/notice@1/fa.mp3' } as typeof fa)).toBe('/audio/notice@1/fa.mp3');
    expect(noticeAudioUrl({ ...fa, audioUrl: 42 } as unknown as typeof fa)).toBeUndefined();
  });
});

describe('speakableChunks', () => {
  it('reads the title, then every heading, paragraph and list item in order', () => {
    const blocks = noticeBlocks('## Eins\n\nAbsatz\nzweite Zeile\n\n- a\n- b');
    expect(speakableChunks('Titel', blocks)).toEqual(['Titel', 'Eins', 'Absatz\nzweite Zeile', 'a', 'b']);
  });

  it('covers the whole notice text', () => {
    const chunks = speakableChunks(fa.title, noticeBlocks(fa.text));
    expect(chunks[0]).toBe(fa.title);
    expect(chunks.join('')).toBe(fa.title + noticeBlocks(fa.text).flatMap((b) => (b.kind === 'list' ? b.items : [b.text])).join(''));
  });
});
