/**
 * Reading a notice aloud: the device's speech synthesis where it has a voice for the language,
 * otherwise a recorded audio artifact of the notice, otherwise nothing (the interpreter reads).
 * The choice is pure (`readAloudSource`) so it can be tested; the players are thin wrappers.
 */
import { useEffect, useState } from 'react';
import type { NoticeArtifact, NoticeBlock } from '../../core/consent';

/** The part of `SpeechSynthesisVoice` the choice needs. */
export interface VoiceLike {
  readonly lang: string;
  readonly name: string;
  readonly localService?: boolean;
}

export type ReadAloudSource<V extends VoiceLike = SpeechSynthesisVoice> =
  | { readonly kind: 'speech'; readonly voice: V }
  | { readonly kind: 'audio'; readonly url: string }
  | { readonly kind: 'none' };

/** BCP 47 tags compare case-insensitively; some platforms write `fa_IR`. */
function normalisedTag(tag: string): string {
  return tag.replace(/_/g, '-').toLowerCase();
}

/** A voice whose language is `lang` or a regional form of it (`fa` → `fa-IR`); local voices first (they work offline). */
export function voiceFor<V extends VoiceLike>(voices: readonly V[], lang: string): V | undefined {
  const wanted = normalisedTag(lang);
  const matching = voices.filter((voice) => {
    const tag = normalisedTag(voice.lang);
    return tag === wanted || tag.startsWith(`${wanted}-`);
  });
  return matching.find((voice) => voice.localService === true) ?? matching[0];
}

/**
 * A notice may carry a recorded reading (`audioUrl`). The published schema does not have the field
 * yet, so it is read defensively from whatever object the notice came as.
 */
export function noticeAudioUrl(notice: NoticeArtifact): string | undefined {
  return 'audioUrl' in notice && typeof notice.audioUrl === 'string' && notice.audioUrl.trim() !== '' ? notice.audioUrl : undefined;
}

export function readAloudSource<V extends VoiceLike>(lang: string, voices: readonly V[], audioUrl: string | undefined): ReadAloudSource<V> {
  const voice = voiceFor(voices, lang);
  if (voice !== undefined) return { kind: 'speech', voice };
  if (audioUrl !== undefined) return { kind: 'audio', url: audioUrl };
  return { kind: 'none' };
}

/**
 * The notice as separate utterances (title, then each heading, paragraph and list item): speech
 * engines stop long utterances early, and short ones let "stop" act at once.
 */
export function speakableChunks(title: string, blocks: readonly NoticeBlock[]): string[] {
  const chunks = [title];
  for (const block of blocks) {
    if (block.kind === 'list') chunks.push(...block.items);
    else chunks.push(block.text);
  }
  return chunks.map((chunk) => chunk.trim()).filter((chunk) => chunk !== '');
}

function speechSynthesisOrNull(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
}

/** The device's voices; browsers load them late and announce it with `voiceschanged`. */
export function useSpeechVoices(): readonly SpeechSynthesisVoice[] {
  const [voices, setVoices] = useState<readonly SpeechSynthesisVoice[]>(() => speechSynthesisOrNull()?.getVoices() ?? []);
  useEffect(() => {
    const synthesis = speechSynthesisOrNull();
    if (synthesis === null) return;
    const update = () => setVoices(synthesis.getVoices());
    update();
    synthesis.addEventListener('voiceschanged', update);
    return () => synthesis.removeEventListener('voiceschanged', update);
  }, []);
  return voices;
}

/** Something that is being read aloud; `stop` ends it at once. */
export interface Reading {
  stop(): void;
}

/** Speaks the chunks in order with `voice`; `onEnd` runs once, when done, stopped or failed. */
export function speak(chunks: readonly string[], voice: SpeechSynthesisVoice, onEnd: () => void): Reading {
  const synthesis = speechSynthesisOrNull();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  if (synthesis === null || chunks.length === 0) {
    end();
    return { stop: end };
  }
  synthesis.cancel();
  chunks.forEach((chunk, index) => {
    const utterance = new SpeechSynthesisUtterance(chunk);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.onerror = end;
    if (index === chunks.length - 1) utterance.onend = end;
    synthesis.speak(utterance);
  });
  return {
    stop() {
      end();
      synthesis.cancel();
    },
  };
}

/** Plays a recorded reading; `onEnd` runs once, when done, stopped or failed. */
export function playRecording(url: string, onEnd: () => void): Reading {
  const audio = new Audio(url);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  audio.addEventListener('ended', end);
  audio.addEventListener('error', end);
  audio.play().catch(end);
  return {
    stop() {
      audio.pause();
      audio.currentTime = 0;
      end();
    },
  };
}
