/** The words a name standardizer removes, moves or recognises: titles, suffixes, particles, placeholders. */

/** Titles and honorifics dropped from the front of a name (English and Spanish forms). */
export const TITLES: ReadonlySet<string> = new Set([
  'MR', 'MRS', 'MS', 'MISS', 'MX', 'DR', 'PROF', 'REV', 'FR', 'SIR', 'DAME', 'HON', 'CAPT', 'SGT', 'LT', 'COL',
  'GEN', 'MAJ', 'SRA', 'SRTA', 'MME', 'MLLE', 'MADAM', 'MADAME', 'LIC', 'ING',
])

/**
 * Generational suffixes as written → their standard form. JR and II stay apart, as the link
 * index's suffix codes keep them (`SUFFIXES` in src/link/index/master-index.ts): II is as often a
 * namesake of a grandfather or an uncle as of the father, and where a JR and a II are one person
 * the cost of keeping them apart is a link left to review, never a wrong one.
 */
export const SUFFIXES: ReadonlyMap<string, string> = new Map([
  ['JR', 'JR'], ['JUNIOR', 'JR'], ['JNR', 'JR'], ['SR', 'SR'], ['SENIOR', 'SR'], ['SNR', 'SR'], ['II', 'II'], ['2ND', 'II'],
  ['2D', 'II'], ['III', 'III'], ['3RD', 'III'], ['3D', 'III'], ['IV', 'IV'], ['4TH', 'IV'],
])

/**
 * Suffixes read only from a suffix field of their own: inside a name a trailing `V` is as likely
 * a middle initial (`SMITH, JOHN V`) as the fifth of the name.
 */
export const FIELD_ONLY_SUFFIXES: ReadonlyMap<string, string> = new Map([['V', 'V'], ['5TH', 'V']])

/** Professional credentials dropped from the end of a name. */
export const CREDENTIALS: ReadonlySet<string> = new Set(['MD', 'PHD', 'DDS', 'DMD', 'DVM', 'ESQ', 'CPA', 'RN', 'JD', 'MBA', 'DO'])

/**
 * Surname particles (Spanish, Portuguese, Dutch, German, French, Italian). They belong to the
 * full surname but never stand alone in another record, so `surnameParts` leaves them out.
 * The conjunctions `Y` and `E` (`GARCIA Y LOPEZ`) are handled apart, since alone they are
 * usually a middle initial.
 */
export const PARTICLES: ReadonlySet<string> = new Set([
  'DE', 'DEL', 'LA', 'LAS', 'LOS', 'DA', 'DAS', 'DO', 'DOS', 'VAN', 'VON', 'DER', 'DEN', 'TER', 'TEN',
  'DI', 'DU', 'LE', 'ST', 'SAN', 'SANTA', 'BIN', 'BEN', 'AL', 'EL',
])

/**
 * The particles that begin a surname written before another surname (DE LA CRUZ HERNANDEZ, VAN
 * DER BERG SMITH): every particle but those that are also given names or name words of their own
 * (`AL`, `BEN`, `BIN`, `EL`, `SAN`, `SANTA`, `ST`, `LE`).
 */
export const LEADING_PARTICLES: ReadonlySet<string> = new Set([
  'DE', 'DEL', 'LA', 'LAS', 'LOS', 'DA', 'DAS', 'DO', 'DOS', 'VAN', 'VON', 'DER', 'DEN', 'TER', 'TEN', 'DI', 'DU',
])

/**
 * Spanish devotional given names that begin with a particle (after the Virgin's titles and the
 * saints): in MARIA DE JESUS GARCIA the words DE JESUS are a middle name, not a surname, though
 * DE JESUS is a surname too (where it stands last, it is read as one). Those that are first of
 * all surnames (DE LA CRUZ, DE LOS SANTOS, DE LOS REYES) are not listed: JUAN DE LA CRUZ
 * HERNANDEZ is read with the surname DE LA CRUZ HERNANDEZ.
 */
export const DEVOTIONAL_GIVEN_NAMES: ReadonlySet<string> = new Set([
  'DE JESUS', 'DEL CARMEN', 'DE LOS ANGELES', 'DE LA LUZ', 'DEL ROSARIO', 'DE LOURDES', 'DE GUADALUPE', 'DEL PILAR',
  'DE FATIMA', 'DEL SOCORRO', 'DE DIOS', 'DEL REFUGIO', 'DE LA PAZ', 'DE LOS DOLORES', 'DE LA CONCEPCION', 'DEL CONSUELO',
  'DE LA TRINIDAD', 'DEL SAGRARIO', 'DE LA ASUNCION', 'DEL MAR', 'DE LAS MERCEDES', 'DE LA MERCED',
])

/** Prefixes written apart that are part of the next word: `MC DONALD` is `MCDONALD`. */
export const JOINED_PREFIXES: ReadonlySet<string> = new Set(['MC', 'MAC', 'O'])

/**
 * Whole names that are placeholders, not names: what hospitals, courts and agencies write when
 * the name is unknown (the Census Bureau's PVS blanks "Baby Girl" and the like before matching;
 * FNU/LNU are the federal "first/last name unknown" conventions).
 */
export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set([
  'UNKNOWN', 'UNK', 'UNKN', 'NA', 'N A', 'NONE', 'NULL', 'NIL', 'TEST', 'XXX', 'XX', 'X', 'ANONYMOUS', 'UNNAMED', 'NO NAME',
  'NONAME', 'REFUSED', 'NOT PROVIDED', 'NOT GIVEN', 'NOT AVAILABLE', 'FNU', 'LNU', 'NFN', 'NLN', 'UNKNOWN UNKNOWN', 'NA NA',
  'BABY', 'BABY GIRL', 'BABY BOY', 'BABYGIRL', 'BABYBOY', 'INFANT', 'NEWBORN', 'INFANT GIRL', 'INFANT BOY', 'GIRL', 'BOY',
  'FEMALE', 'MALE', 'JOHN DOE', 'JANE DOE', 'DOE', 'TBD', 'PENDING', 'DECEASED', 'ESTATE OF',
])

/** Placeholder middle names ("no middle name", "no middle initial"), dropped. */
export const PLACEHOLDER_MIDDLES: ReadonlySet<string> = new Set(['NMN', 'NMI', 'NONE', 'NA', 'X', 'UNK', 'UNKNOWN'])
