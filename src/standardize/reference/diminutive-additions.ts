/**
 * Diminutives that the two main tables lack, hand-made (issue 18: a request under a familiar
 * form neither table knows, such as TERRI for THERESA or CHENCHO for INOCENCIO, is left unlinked
 * when little else agrees). Each line is one canonical name and its familiar forms, of that name's sex; lines are appended after
 * the English and Spanish tables, so the ids of their groups do not move.
 *
 * Sources:
 * - Spanish (read on 2026-12-07; each pair is listed by at least one): chimatli.org, "Mexican
 *   Nicknames or Los Nombres Hipocorísticos" (March 2010); spanishviaskype.com, "Paco, Pepe";
 *   mexiconewsdaily.com, "Mexican slang 101: nicknames" (after A. Baverstock, The Mexican Slang
 *   Dictionary); banderasnews.com, "Vallarta Living: Mexican nicknames"; brighthubeducation.com,
 *   "Spanish and Mexican cultural nicknames"; a 2009 blog post by J. Gerard Breiner, "Spanish
 *   speakers love nicknames" (GABI, GABO, COCO).
 * - English: added by hand, no openly licensed list having them. Most are the forms the
 *   carltonnorthern table gives one spelling of a name and not another (TERRY for TERESA, not
 *   TERRI; KATY for KATHERINE, not KATIE); the rest are the contracted pet forms with -Y or -IE
 *   that English makes of a name (MEL, TONI, CHARLIE, ROZ, SUZY, KIMMY, MILLIE, MADDIE, LEXI).
 *
 * Left out on purpose: forms that are common given names of their own and would join two
 * people of one household (LINA for CAROLINA, MINA for GUILLERMINA, ALI for ALEXANDRA), and
 * forms of two words (CHEMA is JOSE MARIA: it is put with JOSE, whose middle name goes apart).
 */

/** One group per line: `CANONICAL:FORM,FORM,…`, upper case, accents folded. */
export const DIMINUTIVE_ADDITION_GROUPS = `TERESA:TERRI,TERRIE,TERE,TESSIE
THERESA:TERRI,TERRIE,TERE
KATHERINE:KATIE,KATE,KATY
CATHERINE:KATIE,KATE,CATE
KATHLEEN:KATIE,KATE,KATHY
MELANIE:MEL
MELISSA:MEL,MISSY
ANTONIA:TONI,TONIA,TONA
CHARLOTTE:CHARLIE,LOTTIE
ROSALIND:ROZ,ROS
SUSAN:SUZY,SUZIE
SUSANA:SUSY,SUSI,SUZY
KIMBERLY:KIMMY,KIMMIE
MILDRED:MILLIE,MILLY
CECILIA:CECE,CECI,CHILA
MADISON:MADDIE,MADDY
ALEXIS:LEXI,LEXIE
VALERIA:VAL,VALE
VALERIE:VALE
GABRIELA:GABY,GABI
GABRIEL:GABO
LETICIA:LETI,LETY
PATRICIA:PATY,PATI
VERONICA:VERO
ISABEL:CHABELA,ISA
ISABELA:CHABELA,CHAVELA,ISA
MAGDALENA:MAGDA,NENA,MALENA
MARGARITA:MARGO,MAGO
MARIA:MARI,MARUJA
EUGENIA:MARU
MERCEDES:MECHE,MERCI
CARMEN:MENCHU
LOURDES:LULU
LUCIA:LUCHA
LUZ:LUCHI
ELENA:LENI
ALICIA:LICHA
ALEJANDRA:ALE
BEATRIZ:BETI
DOLORES:LOLI
JOSEFINA:CHEPINA
FLORENCIA:LENCHA
MARCELA:CHELA
ROCIO:CHIO
SOCORRO:COCO
SOFIA:CHOFI
ASCENCION:CHON,CHONA
ASENCION:CHON,CHONA
ADOLFO:FITO
ALBERTO:TITO,BERTIN
ALEJANDRO:ALEX,JANDRO
ANASTASIO:TACHO
ARMANDO:MANDO
ARTURO:TURI
BENJAMIN:BENJA
CARLOS:CACHO
EMILIO:MILO
FEDERICO:FEDE
FELIPE:PIPE
FLORENCIO:LENCHO
GUSTAVO:TABO,TAVO
HECTOR:TETO
HORACIO:LACHO
INOCENCIO:CHENCHO
JAVIER:JAVI
JOAQUIN:CHIMO
JORGE:KOKE
JOSE:CHEMA
JESUS:CHECHU
LORENZO:LENCHO
LUIS:LUCHO,HUICHO
MANUEL:MANU
PATRICIO:PATO
PEDRO:PERICO
RAMON:MONCHO
RODRIGO:RUY
SERGIO:CHEJO`

/**
 * Familiar forms that the SSA lists give almost only to one sex but that shorten names of both:
 * VIC is VICTOR and VICTORIA, MAX is MAXINE too, NAT is NATALIE and NATASHA, CHAVA is SALVADOR
 * (and, in the SSA births, girls). The comparison's rule that a boy's and a girl's name are two
 * people would otherwise part VIC from VICTORIA before the nickname table is read.
 */
export const EITHER_SEX_DIMINUTIVES: readonly string[] = ['VIC', 'MAX', 'NAT', 'CHAVA']
