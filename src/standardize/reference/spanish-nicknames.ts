/**
 * Spanish hypocorisms (familiar forms of given names), hand-made: no openly licensed
 * machine-readable table exists (../shared/data/reference/nicknames/README.md says so). Each pair
 * below is listed by at least one of these public pages, read on 2026-11-26:
 * - chimatli.org, "Mexican Nicknames or Los Nombres Hipocorísticos" (March 2010);
 * - spanishviaskype.com, "Paco, Pepe" (Spanish hypocorisms);
 * - expatica.com, "Not Hemingway's Spain: Common Spanish nicknames";
 * - arnoldzwicky.org, "From Tex-Mex to naked rugby" (2017: Chuy, Chucho, Pepe, Pancho, Paco).
 * Only forms that are not themselves common unrelated given names were taken (e.g. not `ALEX`,
 * which the English table already groups with ALEXANDER), and only single-word given names.
 */

/** One group per line: `CANONICAL:FORM,FORM,…`, upper case, accents folded. */
export const SPANISH_NICKNAME_GROUPS = `JOSE:PEPE,CHEPE
JOSEFA:PEPA
FRANCISCO:PACO,PANCHO,CURRO,QUICO,KIKO
FRANCISCA:PAQUITA,PACA,PANCHA
GUADALUPE:LUPE,LUPITA
JESUS:CHUY,CHUCHO,CHUS
GUILLERMO:MEMO
IGNACIO:NACHO
CONCEPCION:CONCHA,CONCHITA,CHONA
EDUARDO:LALO
ALFONSO:PONCHO
ALBERTO:BETO
ROBERTO:BETO
ENRIQUE:QUIQUE,KIKE
SALVADOR:CHAVA
SANTIAGO:CHAGO
GREGORIO:GOYO
GONZALO:CHALO
ROSARIO:CHARO,CHAYO
DOLORES:LOLA,LOLITA
CONSUELO:CHELO
MANUEL:MANOLO,LOLO
ANTONIO:TONO,TONI
FERNANDO:NANDO
ERNESTO:NETO
GRACIELA:CHELA
VICENTE:CHENTE
REFUGIO:CUCO
SERGIO:CHECO
MERCEDES:MERCHE
ISABEL:CHAVELA
RAFAEL:RAFA`
