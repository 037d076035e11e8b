/**
 * ISO 3166-1 alpha-2: all 249 officially assigned codes, plus XK (Kosovo), a
 * user-assigned code that German authorities and the EU use. Names come from
 * Unicode CLDR at build time; the keywords add the names people actually say.
 */

// prettier-ignore
export const iso3166Alpha2 = [
  'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ',
  'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ',
  'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ',
  'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ',
  'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET',
  'FI', 'FJ', 'FK', 'FM', 'FO', 'FR',
  'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY',
  'HK', 'HM', 'HN', 'HR', 'HT', 'HU',
  'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT',
  'JE', 'JM', 'JO', 'JP',
  'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ',
  'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY',
  'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ',
  'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ',
  'OM',
  'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY',
  'QA',
  'RE', 'RO', 'RS', 'RU', 'RW',
  'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ',
  'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ',
  'UA', 'UG', 'UM', 'US', 'UY', 'UZ',
  'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU',
  'WF', 'WS',
  'YE', 'YT',
  'ZA', 'ZM', 'ZW',
] as const;

/** Codes outside ISO 3166-1 that the list carries, with the reason. */
export const userAssignedCountries: Record<string, string> = {
  XK: 'user-assigned code used by the EU and German authorities for Kosovo; not part of ISO 3166-1',
};

/** Other names and spellings that people use, in German and English. */
export const countryKeywords: Record<string, { de?: string[]; en?: string[] }> = {
  AE: { de: ['VAE', 'Emirate', 'Dubai'], en: ['UAE', 'Emirates', 'Dubai'] },
  BA: { de: ['Bosnien'], en: ['Bosnia'] },
  BY: { de: ['Weißrussland'], en: ['Byelorussia'] },
  CD: { de: ['Kongo-Kinshasa', 'DR Kongo', 'Zaire'], en: ['DR Congo', 'DRC', 'Congo-Kinshasa', 'Zaire'] },
  CG: { de: ['Kongo-Brazzaville'], en: ['Congo-Brazzaville'] },
  CI: { de: ['Elfenbeinküste'], en: ['Ivory Coast'] },
  CV: { de: ['Kapverden'], en: ['Cape Verde'] },
  CZ: { de: ['Tschechische Republik', 'Tschechei'], en: ['Czech Republic'] },
  DE: { de: ['BRD', 'Bundesrepublik Deutschland'], en: ['Federal Republic of Germany'] },
  GB: { de: ['Großbritannien', 'England', 'Schottland', 'Wales', 'Nordirland'], en: ['Great Britain', 'UK', 'England', 'Scotland', 'Wales', 'Northern Ireland'] },
  IR: { de: ['Persien'], en: ['Persia', 'Islamic Republic of Iran'] },
  KP: { de: ['Nordkorea'], en: ['North Korea'] },
  KR: { de: ['Südkorea'], en: ['South Korea'] },
  LA: { en: ['Laos'] },
  MD: { de: ['Moldawien'], en: ['Moldova'] },
  MK: { de: ['Mazedonien'], en: ['Macedonia'] },
  MM: { de: ['Birma', 'Burma'], en: ['Burma'] },
  NL: { de: ['Holland'], en: ['Holland'] },
  PS: { de: ['Palästina', 'Westjordanland', 'Gaza', 'Gazastreifen'], en: ['Palestine', 'West Bank', 'Gaza', 'Gaza Strip'] },
  RU: { de: ['Russische Föderation', 'Tschetschenien', 'Dagestan'], en: ['Russian Federation', 'Chechnya', 'Dagestan'] },
  SO: { de: ['Somaliland'], en: ['Somaliland'] },
  SY: { de: ['Syrische Arabische Republik'], en: ['Syrian Arab Republic'] },
  SZ: { de: ['Swasiland'], en: ['Swaziland'] },
  TL: { de: ['Osttimor'], en: ['East Timor'] },
  TR: { de: ['Türkiye'], en: ['Turkey'] },
  US: { de: ['USA', 'Amerika', 'Vereinigte Staaten von Amerika'], en: ['USA', 'US', 'America', 'United States of America'] },
  VA: { de: ['Vatikan'], en: ['Vatican', 'Holy See'] },
  VN: { en: ['Viet Nam'] },
  XK: { de: ['Republik Kosovo'], en: ['Republic of Kosovo'] },
};
