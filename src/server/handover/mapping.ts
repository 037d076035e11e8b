/**
 * The recipient mapping of a form version: its own (`disclosure` in the form, from
 * profilingbogen@2 on), or a sidecar kept beside a form published before mappings existed
 * (`content/disclosure/<id>@<version>.json`; the published form itself is immutable). A sidecar
 * is checked by the form schema when it is first used (`core/form` `withDisclosureSidecar`); one
 * that does not fit its form throws, so a hand-over is refused rather than given unchecked.
 */
import { withDisclosureSidecar, type FormDefinition } from '../../core/form/index';
import profilingbogen1 from '../../../content/disclosure/profilingbogen@1.json';

const sidecars: Readonly<Record<string, unknown>> = { 'profilingbogen@1': profilingbogen1 };

const mapped = new WeakMap<FormDefinition, FormDefinition | null>();

/** The form with its recipient mapping, or null when it has none (nothing of it may be handed over). */
export function mappedForm(form: FormDefinition): FormDefinition | null {
  if (form.disclosure !== undefined) return form;
  if (mapped.has(form)) return mapped.get(form)!;
  const sidecar = sidecars[`${form.id}@${form.version}`];
  const result = sidecar === undefined ? null : withDisclosureSidecar(form, sidecar);
  mapped.set(form, result);
  return result;
}
