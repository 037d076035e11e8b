/**
 * What the interview screen hands to its stages. The consent stage and the form stage
 * are separate components that only talk to the screen through these props.
 */
import type { NoticeArtifact } from '../../core/consent';
import type { FormDefinition } from '../../core/form';
import type { LocalRecord, NoticeLabels } from '../../data';

export interface InterviewerProfile {
  id: string;
  name: string;
}

export interface ConsentStageProps {
  record: LocalRecord;
  /** One notice text per language (German included), each the newest that has its German reference here. */
  notices: NoticeArtifact[];
  /** The German text of every version in `notices`: each text is shown and recorded beside its own version. */
  references: NoticeArtifact[];
  /**
   * The form the interview will use once consent is given (the newest on the device): the record
   * takes its `id@version`, and the decision screen shows what each recipient receives from its
   * recipient mapping.
   */
  form: FormDefinition;
  interviewer: InterviewerProfile;
  /** After the interview was postponed (deleted before any decision): leave the interview. */
  onPostponed?: () => void;
}

export interface FormStageProps {
  record: LocalRecord;
  /** The form version this record was started with (never silently upgraded). */
  form: FormDefinition;
  /**
   * The languages of the notice version the person decided on: their names, direction, draft
   * marks and explicit consents' names (`noticeLabelBook`: not the texts, which the form does not show).
   */
  notices: NoticeLabels[];
}

export interface DoneStageProps {
  record: LocalRecord;
  notices: NoticeArtifact[];
  interviewer: InterviewerProfile;
}
