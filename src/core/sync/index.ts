export * from './protocol';
export { canonicalJson } from './canonical-json';
export { ENROLMENT_CODE_ALPHABET, ENROLMENT_CODE_LENGTH, bareEnrolmentCode, formatEnrolmentCode, normaliseEnrolmentCode } from './enrolment-code';
