/**
 * Hand-curated name lists for the cultures that the Census and SSA tables under-represent: common
 * Hispanic given names (SSA counts mix them with every other origin), Vietnamese, Chinese, Korean
 * and South Asian names, Arabic names with their usual English transliterations, and Spanish
 * hypocorisms (the shared nickname table is English only). Weights are rough relative frequencies
 * (per mille within the list), chosen so that the commonest names dominate as they do in life:
 * many JOSE GARCIA and MARIA HERNANDEZ is the ambiguity a matcher must refuse to guess at.
 */

/** A weighted list literal: [value, relative weight]. */
export type Weighted<T> = readonly (readonly [T, number])[]

export const HISPANIC_GIVEN_MALE: Weighted<string> = [
  ['JOSE', 30], ['JUAN', 28], ['LUIS', 28], ['CARLOS', 26], ['JESUS', 22], ['MIGUEL', 20], ['ANTONIO', 18],
  ['FRANCISCO', 18], ['JORGE', 15], ['MANUEL', 14], ['PEDRO', 12], ['ALEJANDRO', 12], ['JAVIER', 11],
  ['ROBERTO', 10], ['RICARDO', 10], ['DANIEL', 10], ['DAVID', 9], ['EDUARDO', 9], ['FERNANDO', 9], ['RAFAEL', 9],
  ['MARIO', 9], ['OSCAR', 8], ['RAUL', 8], ['SERGIO', 8], ['VICTOR', 8], ['HECTOR', 7], ['ANGEL', 7],
  ['ARMANDO', 6], ['RAMON', 6], ['ENRIQUE', 6], ['JULIO', 6], ['ARTURO', 6], ['ALBERTO', 6], ['SALVADOR', 5],
  ['ALFREDO', 5], ['GUILLERMO', 5], ['MARTIN', 5], ['GERARDO', 5], ['RUBEN', 5], ['ADRIAN', 5], ['CESAR', 5],
  ['ERNESTO', 4], ['GUSTAVO', 4], ['FELIPE', 4], ['ANDRES', 4], ['IGNACIO', 3], ['SANTIAGO', 3], ['EFRAIN', 3],
  ['ISRAEL', 3], ['JOAQUIN', 3], ['ALFONSO', 3], ['AGUSTIN', 2], ['ROGELIO', 2], ['ISMAEL', 2], ['HUGO', 2],
]

export const HISPANIC_GIVEN_FEMALE: Weighted<string> = [
  ['MARIA', 32], ['ANA', 14], ['GUADALUPE', 14], ['ROSA', 14], ['CARMEN', 11], ['MARTHA', 10], ['LAURA', 10],
  ['PATRICIA', 9], ['JUANA', 9], ['ELIZABETH', 8], ['VERONICA', 8], ['ALEJANDRA', 8], ['SANDRA', 7],
  ['GABRIELA', 7], ['CLAUDIA', 7], ['SILVIA', 7], ['ADRIANA', 7], ['MONICA', 7], ['TERESA', 7], ['LETICIA', 6],
  ['BLANCA', 6], ['YOLANDA', 6], ['GLORIA', 6], ['ANGELICA', 6], ['ALICIA', 6], ['DIANA', 6], ['DANIELA', 5],
  ['LUCIA', 5], ['LILIANA', 5], ['ISABEL', 5], ['ELENA', 4], ['JOSEFINA', 4], ['GRACIELA', 4], ['IRMA', 4],
  ['SOFIA', 4], ['ESPERANZA', 3], ['CONSUELO', 3], ['DOLORES', 3], ['CONCEPCION', 3], ['MARISOL', 3],
  ['ROCIO', 3], ['YESENIA', 3], ['ARACELI', 3], ['PAOLA', 3], ['FERNANDA', 2], ['REYNA', 2], ['LORENA', 3],
]

/** Second given names that Hispanic people often carry (MARIA DEL CARMEN, JOSE LUIS). */
export const HISPANIC_SECOND_GIVEN_MALE: Weighted<string> = [
  ['LUIS', 20], ['ANTONIO', 18], ['MANUEL', 12], ['CARLOS', 10], ['ANGEL', 10], ['JOSE', 10], ['MIGUEL', 8],
  ['ALBERTO', 8], ['FRANCISCO', 6], ['JAVIER', 6], ['ALEJANDRO', 6], ['DE JESUS', 8], ['GUADALUPE', 4],
]
export const HISPANIC_SECOND_GIVEN_FEMALE: Weighted<string> = [
  ['GUADALUPE', 20], ['DEL CARMEN', 14], ['ELENA', 10], ['ISABEL', 10], ['DE LOURDES', 8], ['DE JESUS', 8],
  ['LUISA', 8], ['TERESA', 6], ['DEL ROSARIO', 6], ['FERNANDA', 5], ['JOSE', 3], ['ANTONIA', 5], ['DE LOS ANGELES', 6],
]

/** Asian subgroups: surnames, given names by sex, and how often a middle name is carried. */
export interface AsianGroup {
  readonly name: string
  /** Relative share of the group among Asian residents. */
  readonly share: number
  readonly surnames: Weighted<string>
  readonly givenMale: Weighted<string>
  readonly givenFemale: Weighted<string>
  /** Middle names by sex (VAN and THI for Vietnamese); empty when the group rarely has one. */
  readonly middleMale: Weighted<string>
  readonly middleFemale: Weighted<string>
}

export const ASIAN_GROUPS: readonly AsianGroup[] = [
  {
    name: 'vietnamese',
    share: 22,
    surnames: [['NGUYEN', 40], ['TRAN', 15], ['LE', 12], ['PHAM', 10], ['HUYNH', 6], ['HOANG', 4], ['PHAN', 4], ['VU', 4], ['VO', 4], ['DANG', 3], ['BUI', 3], ['DO', 3], ['HO', 3], ['NGO', 3], ['DUONG', 2], ['LY', 2]],
    givenMale: [['MINH', 10], ['HUNG', 8], ['TUAN', 8], ['DUNG', 6], ['THANH', 8], ['HAI', 6], ['LONG', 6], ['NAM', 6], ['QUANG', 5], ['VINH', 5], ['KHANH', 4], ['PHUONG', 3]],
    givenFemale: [['LINH', 10], ['LAN', 8], ['HOA', 8], ['MAI', 8], ['THU', 7], ['NGOC', 7], ['HUONG', 7], ['TRANG', 6], ['ANH', 6], ['THAO', 6], ['HANH', 5], ['PHUONG', 5]],
    middleMale: [['VAN', 60], ['DUC', 10], ['MINH', 10], ['QUOC', 8], ['HUU', 6]],
    middleFemale: [['THI', 70], ['NGOC', 12], ['KIM', 8], ['THANH', 6]],
  },
  {
    name: 'chinese',
    share: 30,
    surnames: [['WANG', 15], ['LI', 15], ['ZHANG', 12], ['CHEN', 14], ['LIU', 10], ['YANG', 8], ['HUANG', 8], ['WONG', 8], ['LIN', 7], ['WU', 7], ['CHAN', 6], ['ZHAO', 5], ['ZHOU', 5], ['CHANG', 5], ['XU', 4], ['LAM', 4], ['SUN', 3], ['MA', 3], ['ZHU', 3], ['HU', 3], ['GUO', 3], ['HE', 3], ['CHU', 3], ['LUO', 2], ['GAO', 2]],
    givenMale: [['WEI', 10], ['JUN', 8], ['JIAN', 6], ['HAO', 6], ['MING', 8], ['YONG', 5], ['LEI', 5], ['BIN', 4], ['JIE', 6], ['TAO', 5], ['QIANG', 4], ['ZHIWEI', 3]],
    givenFemale: [['LI', 8], ['MEI', 10], ['XIAO', 6], ['YAN', 8], ['JING', 8], ['LING', 6], ['HUI', 6], ['YING', 6], ['FANG', 5], ['XIN', 5], ['LIN', 4], ['XIAOMEI', 3]],
    middleMale: [],
    middleFemale: [],
  },
  {
    name: 'korean',
    share: 12,
    surnames: [['KIM', 25], ['LEE', 20], ['PARK', 12], ['CHOI', 5], ['JUNG', 4], ['KANG', 4], ['CHO', 4], ['YOON', 3], ['JANG', 3], ['LIM', 3], ['SHIN', 3], ['HAN', 3]],
    givenMale: [['JI HOON', 6], ['MIN JUN', 6], ['SUNG HO', 5], ['JAE HYUN', 5], ['YOUNG SOO', 5], ['DONG HYUN', 4], ['SANG WOO', 4], ['HYUN WOO', 4]],
    givenFemale: [['JI YEON', 6], ['MIN JI', 6], ['SOO JIN', 5], ['HYUN JOO', 5], ['EUN JI', 5], ['YOUNG HEE', 4], ['SEO YEON', 4], ['JI EUN', 4]],
    middleMale: [],
    middleFemale: [],
  },
  {
    name: 'south_asian',
    share: 24,
    surnames: [['PATEL', 30], ['SINGH', 14], ['SHAH', 8], ['KUMAR', 7], ['SHARMA', 6], ['GUPTA', 4], ['REDDY', 4], ['DESAI', 3], ['MEHTA', 3], ['RAO', 3], ['CHAUDHARY', 2], ['JOSHI', 2]],
    givenMale: [['RAJ', 6], ['AMIT', 6], ['RAHUL', 6], ['SANJAY', 5], ['VIJAY', 5], ['ANIL', 5], ['SURESH', 5], ['RAVI', 6], ['RAJESH', 6], ['HARPREET', 3], ['GURPREET', 3], ['VIKRAM', 4]],
    givenFemale: [['PRIYA', 8], ['ANITA', 5], ['SUNITA', 5], ['POOJA', 6], ['NEHA', 6], ['DEEPA', 4], ['KAVITA', 4], ['ANJALI', 5], ['MANPREET', 3], ['SONIA', 4], ['REKHA', 3], ['SHANTI', 2]],
    middleMale: [['KUMAR', 40], ['SINGH', 20], ['BHAI', 10]],
    middleFemale: [['KAUR', 30], ['BEN', 10], ['DEVI', 10]],
  },
  {
    name: 'filipino',
    share: 12,
    surnames: [['SANTOS', 10], ['REYES', 10], ['CRUZ', 9], ['BAUTISTA', 7], ['OCAMPO', 4], ['DELA CRUZ', 8], ['GARCIA', 8], ['MENDOZA', 7], ['TORRES', 6], ['VILLANUEVA', 5], ['AQUINO', 5], ['RAMOS', 5], ['CASTILLO', 4], ['FLORES', 4], ['DE LEON', 4], ['MANALO', 3]],
    givenMale: [['JOSE', 6], ['MARK', 5], ['JOHN', 6], ['MICHAEL', 5], ['RODRIGO', 4], ['ROMMEL', 3], ['JOEL', 4], ['RONALDO', 3], ['EDGARDO', 3], ['ARNEL', 2]],
    givenFemale: [['MARIA', 10], ['MARIBEL', 4], ['JOCELYN', 4], ['MARICEL', 3], ['ROWENA', 3], ['LORNA', 3], ['MYLENE', 3], ['CRISTINA', 4], ['JENNIFER', 4], ['ANGELICA', 3]],
    middleMale: [['SANTOS', 10], ['REYES', 10], ['CRUZ', 8], ['GARCIA', 8], ['MENDOZA', 6]],
    middleFemale: [['SANTOS', 10], ['REYES', 10], ['CRUZ', 8], ['GARCIA', 8], ['MENDOZA', 6]],
  },
]

/**
 * Arabic given names: each entry is a set of common English transliterations of one name, the first
 * the most common in US records. A person carries one spelling; a request may carry another.
 */
export const ARABIC_GIVEN_MALE: Weighted<readonly string[]> = [
  [['MOHAMMED', 'MUHAMMAD', 'MOHAMED', 'MOHAMMAD', 'MOHAMAD', 'MUHAMMED', 'MOHAMMAD'], 40],
  [['AHMED', 'AHMAD', 'AHMET'], 14], [['ALI'], 10], [['OMAR', 'UMAR'], 7], [['HASSAN', 'HASAN'], 7],
  [['HUSSEIN', 'HUSSAIN', 'HUSEIN', 'HOSSAIN', 'HUSAYN'], 6], [['KHALED', 'KHALID'], 6], [['YOUSEF', 'YOUSSEF', 'YUSUF', 'YOUSIF'], 6],
  [['IBRAHIM', 'EBRAHIM'], 5], [['MAHMOUD', 'MAHMUD', 'MAHMOOD'], 5], [['MUSTAFA', 'MOSTAFA', 'MUSTAPHA'], 5],
  [['ABDULLAH', 'ABDALLAH', 'ABDULA'], 5], [['SAMIR', 'SAMEER'], 3], [['KARIM', 'KAREEM'], 3], [['TAREK', 'TARIQ', 'TAREQ'], 3],
  [['ABDUL RAHMAN', 'ABDULRAHMAN', 'ABDEL RAHMAN', 'ABDELRAHMAN'], 3], [['SAID', 'SAEED', 'SAYED'], 3],
]
export const ARABIC_GIVEN_FEMALE: Weighted<readonly string[]> = [
  [['FATIMA', 'FATMA', 'FATEMA', 'FATIMAH'], 12], [['AISHA', 'AYESHA', 'AICHA', 'AISHAH'], 6], [['MARYAM', 'MARIAM', 'MERYEM'], 6],
  [['NOOR', 'NUR', 'NOUR'], 5], [['ZAINAB', 'ZEINAB', 'ZAYNAB'], 5], [['LAYLA', 'LEILA', 'LAILA', 'LAYLAH'], 5],
  [['KHADIJA', 'KHADIJAH', 'KHADEEJA'], 4], [['AMINA', 'AMINAH', 'AMEENA'], 4], [['HANA', 'HANAA', 'HANNA'], 3],
  [['SARA', 'SARAH'], 4], [['RANIA', 'RANYA'], 3], [['YASMIN', 'YASMINE', 'YASMEEN'], 4], [['HUDA', 'HODA'], 2], [['SAMIRA', 'SAMEERA'], 3],
]
export const ARABIC_SURNAMES: Weighted<readonly string[]> = [
  [['AL-SAYED', 'ALSAYED', 'EL-SAYED', 'ELSAYED', 'EL SAYED'], 6], [['ABDULLAH', 'ABDALLAH'], 6], [['HASSAN', 'HASAN'], 8],
  [['ALI'], 8], [['AHMED', 'AHMAD'], 8], [['MOHAMED', 'MOHAMMED', 'MOHAMMAD', 'MUHAMMAD'], 8], [['IBRAHIM', 'EBRAHIM'], 5],
  [['KHAN'], 6], [['SALEH', 'SALIH'], 4], [['HADDAD'], 4], [['KHOURY', 'KHOURI', 'KHURI'], 4], [['MANSOUR', 'MANSUR'], 4],
  [['NASSER', 'NASSAR', 'NASIR'], 4], [['AZIZ'], 3], [['RAHMAN'], 4], [['YOUSSEF', 'YOUSEF', 'YUSUF'], 4], [['OMAR'], 3],
  [['HAMDAN'], 2], [['AL-AMIN', 'ALAMIN', 'EL-AMIN'], 3], [['ABDEL RAHMAN', 'ABDELRAHMAN', 'ABD EL RAHMAN'], 3],
  [['SALEM', 'SALIM'], 3], [['HAMMOUD', 'HAMOUD'], 3], [['JABER', 'JABIR'], 2], [['FARAH'], 3], [['ISMAIL', 'ISMAEL'], 3],
  [['AL-ZAHRANI', 'ALZAHRANI'], 1], [['BAZZI'], 2], [['BERRY', 'BERRI'], 2], [['SAAB'], 2], [['CHAMI', 'SHAMI'], 2],
]

/** Romanization variants of East Asian surnames (Revised Romanization, McCune–Reischauer, Wade–Giles). */
export const ASIAN_SURNAME_VARIANTS: readonly (readonly string[])[] = [
  ['LEE', 'LI', 'YI', 'RHEE'], ['PARK', 'PAK', 'BAK'], ['CHOI', 'CHOY', 'CHOE'], ['JUNG', 'CHUNG', 'JEONG'],
  ['KANG', 'GANG'], ['YOON', 'YUN'], ['LIM', 'IM'], ['SHIN', 'SIN'], ['ZHANG', 'CHANG'], ['ZHOU', 'CHOU', 'CHOW'],
  ['WU', 'WOO', 'NG'], ['HUANG', 'WONG', 'HWANG'], ['CHEN', 'CHAN'], ['LIU', 'LAU', 'LAO'], ['XU', 'HSU', 'HUI'],
]

/** Spanish hypocorisms: the given name a person uses for the one on their papers. */
export const SPANISH_NICKNAMES: readonly (readonly [string, string])[] = [
  ['JOSE', 'PEPE'], ['FRANCISCO', 'PACO'], ['FRANCISCO', 'PANCHO'], ['GUADALUPE', 'LUPE'], ['JESUS', 'CHUY'],
  ['IGNACIO', 'NACHO'], ['EDUARDO', 'LALO'], ['GUILLERMO', 'MEMO'], ['ALBERTO', 'BETO'], ['ROBERTO', 'BETO'],
  ['ANTONIO', 'TONO'], ['GRACIELA', 'CHELA'], ['CONCEPCION', 'CONCHA'], ['DOLORES', 'LOLA'], ['ROSARIO', 'CHARO'],
  ['ENRIQUE', 'KIKE'], ['RAFAEL', 'RAFA'], ['ALEJANDRO', 'ALEX'], ['MANUEL', 'MANOLO'], ['SALVADOR', 'CHAVA'],
  ['ISABEL', 'CHABELA'], ['JOSEFINA', 'PEPA'], ['MARIA', 'MARY'], ['JUAN', 'JUANITO'], ['GERARDO', 'JERRY'],
  ['RICARDO', 'RICKY'], ['FERNANDO', 'NANDO'], ['ARMANDO', 'MANDO'], ['SANTIAGO', 'CHAGO'], ['ANA', 'ANITA'],
]

/** Generational suffixes and their shares among people who carry one. */
export const SUFFIXES: Weighted<string> = [['JR', 70], ['SR', 12], ['II', 8], ['III', 8], ['IV', 2]]
