/**
 * The groups of SURNAMES the equity report (docs/equity.md) counts errors by. These are groups of
 * names from public lists, never of people: a surname tells nothing certain about its bearer, and
 * no one's race or origin is guessed here.
 */
import { isSpanishSurname } from './name-lists.js'
import { COMMON_SURNAMES, LISTED_SURNAMES, PREDOMINANTLY_API_SURNAMES, PREDOMINANTLY_BLACK_SURNAMES, PREDOMINANTLY_HISPANIC_SURNAMES } from './surname-groups-data.js'

/** Every surname group, in the order reports list them. */
export const SURNAME_GROUPS = [
  'spanish_list',
  'predominantly_hispanic',
  'predominantly_black',
  'predominantly_api',
  'romanized_asian',
  'compound',
  'common',
  'rare',
] as const

/** One surname group (see SURNAME_GROUP_LABELS for what each means). */
export type SurnameGroup = (typeof SURNAME_GROUPS)[number]

/** Each group in words, with its source, as reports print it. */
export const SURNAME_GROUP_LABELS: Readonly<Record<SurnameGroup, string>> = {
  spanish_list: 'On the Census list of Spanish surnames',
  predominantly_hispanic: 'Predominantly Hispanic surname (Census 2010, ≥ 60% of bearers)',
  predominantly_black: 'Predominantly Black surname (Census 2010, ≥ 60% of bearers)',
  predominantly_api: 'Predominantly Asian/Pacific Islander surname (Census 2010, ≥ 60% of bearers)',
  romanized_asian: 'Common romanized Vietnamese, Chinese or Korean surname',
  compound: 'Compound surname (two or more words, or hyphenated)',
  common: 'Common surname (≥ 50,000 bearers in Census 2010)',
  rare: 'Rare surname (under 2,000 bearers in Census 2010, or unlisted)',
}

/** Each group's short name, for table rows and chart axes (SURNAME_GROUP_LABELS says what it means). */
export const SURNAME_GROUP_NAMES: Readonly<Record<SurnameGroup, string>> = {
  spanish_list: 'Spanish surname list',
  predominantly_hispanic: 'Predominantly Hispanic',
  predominantly_black: 'Predominantly Black',
  predominantly_api: 'Predominantly Asian/PI',
  romanized_asian: 'Romanized Asian',
  compound: 'Compound',
  common: 'Common',
  rare: 'Rare',
}

/**
 * The commonest surnames of Vietnam, mainland China and Taiwan (Pinyin, and the Cantonese and
 * Wade–Giles forms common in the US) and Korea, in the romanized forms US records carry: names
 * folded into Latin letters from another script, whose spelling varies from record to record.
 * Sources: Vietnam, the commonest family names as listed by Lê Trung Hoa, *Họ và tên người Việt
 * Nam* (2005); China, the Ministry of Public Security's 2019 household-register ranking (top 20);
 * Korea, Statistics Korea's 2015 census of family names (top 10). A short hand list, part of
 * this project; a name here may also be borne by people of other origins (LEE, PARK, LONG).
 */
const ROMANIZED_ASIAN = new Set(
  [
    // Vietnamese
    'NGUYEN TRAN LE PHAM HOANG HUYNH PHAN VU VO DANG BUI DO HO NGO DUONG LY TRUONG DINH LAM MAI TRINH',
    // Chinese (Pinyin, then Cantonese and Wade–Giles forms)
    'WANG LI ZHANG LIU CHEN YANG HUANG ZHAO WU ZHOU XU SUN MA ZHU HU GUO HE LIN LUO GAO',
    'WONG CHAN LEUNG LAU CHEUNG NG CHOW TSANG CHANG HSU CHU HUANG TSAI KWAN YEUNG',
    // Korean
    'KIM LEE PARK CHOI JUNG CHUNG KANG CHO YOON YUN JANG LIM',
  ]
    .join(' ')
    .split(' '),
)

const lists = {
  common: new Set(COMMON_SURNAMES.split(' ')),
  listed: new Set(LISTED_SURNAMES.split(' ')),
  hispanic: new Set(PREDOMINANTLY_HISPANIC_SURNAMES.split(' ')),
  black: new Set(PREDOMINANTLY_BLACK_SURNAMES.split(' ')),
  api: new Set(PREDOMINANTLY_API_SURNAMES.split(' ')),
}

/** The words of a surname as the lists spell them: upper case, accents dropped, split at spaces and hyphens. */
function surnameWords(surname: string): string[] {
  return surname
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .split(/[\s-]+/)
    .map((w) => w.replace(/[^A-Z']/g, ''))
    .filter((w) => w !== '')
}

/**
 * The groups a surname, as written, belongs to: a word of it on a list puts it in that list's
 * group (GARCIA LOPEZ is on the Spanish list), two or more words make it compound, and it is rare
 * when no word of it has 2,000 Census bearers. An empty surname belongs to none.
 *
 * @example
 * surnameGroupsOf('García-López') // ['spanish_list', 'predominantly_hispanic', 'compound', 'common']
 * surnameGroupsOf('Nguyen')       // ['predominantly_api', 'romanized_asian', 'common']
 */
export function surnameGroupsOf(surname: string): SurnameGroup[] {
  const words = surnameWords(surname)
  if (words.length === 0) return []
  const any = (test: (w: string) => boolean) => words.some(test)
  const groups: SurnameGroup[] = []
  if (any(isSpanishSurname)) groups.push('spanish_list')
  if (any((w) => lists.hispanic.has(w))) groups.push('predominantly_hispanic')
  if (any((w) => lists.black.has(w))) groups.push('predominantly_black')
  if (any((w) => lists.api.has(w))) groups.push('predominantly_api')
  if (any((w) => ROMANIZED_ASIAN.has(w))) groups.push('romanized_asian')
  if (words.length > 1) groups.push('compound')
  if (any((w) => lists.common.has(w))) groups.push('common')
  if (!any((w) => lists.listed.has(w))) groups.push('rare')
  return groups
}
