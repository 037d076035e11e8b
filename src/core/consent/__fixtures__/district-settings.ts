/**
 * Deployment settings as the district would enter them (issue #14 item 6): the one set the unit
 * tests of the settings and the notice@3/receipt browser tests fill notices with.
 */
import type { SettingValues } from '../settings';

export const districtSettingValues = {
  withdrawalPhone: '05171 401-7700',
  withdrawalEmail: 'uebergang@landkreis-peine.de',
  withdrawalAddress: 'Landkreis Peine, Referat Migration und Teilhabe, Burgstraße 1, 31224 Peine',
  controllerName: 'Landkreis Peine, Referat Migration und Teilhabe, Übergangsmanagement',
  controllerAddress: 'Burgstraße 1, 31224 Peine',
  dpoName: 'Datenschutzbeauftragte des Landkreises Peine',
  dpoAddress: 'Burgstraße 1, 31224 Peine',
  dpoPhone: '05171 401-0',
  dpoEmail: 'datenschutz@landkreis-peine.de',
  supervisoryAuthorityName: 'Die Landesbeauftragte für den Datenschutz Niedersachsen',
  supervisoryAuthorityAddress: 'Prinzenstraße 5, 30159 Hannover',
  supervisoryAuthorityPhone: '0511 120-4500',
  supervisoryAuthorityEmail: 'poststelle@lfd.niedersachsen.de',
} as const satisfies SettingValues;
