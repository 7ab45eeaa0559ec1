/**
 * Hand-curated facts about places, small enough to keep in code. Populations are the 2020 Census
 * apportionment counts rounded to thousands (public domain); the Hispanic and Asian shares are the
 * 2020 Census race and ethnicity shares rounded to whole percents; the Arabic-name shares are rough
 * estimates from the American Community Survey's Arab ancestry tables (about 0.6% nationally,
 * highest in Michigan). Cities are real cities of each state, largest first. Which ZIP prefix a
 * city is paired with is synthetic (see addresses.ts): the state of every ZIP prefix is real.
 */

/** One state (or DC, or Puerto Rico) as the generator uses it. */
export interface StateFacts {
  /** USPS two-letter code. */
  readonly code: string
  /** 2020 population in thousands: the weight of the state when placing a household. */
  readonly population: number
  /** Share of residents with Hispanic origin, in percent. */
  readonly hispanic: number
  /** Share of Asian residents, in percent. */
  readonly asian: number
  /** Share of residents with Arabic names, in percent (rough estimate). */
  readonly arabic: number
  /** Real cities of the state, largest first; earlier ones get more ZIP codes. */
  readonly cities: readonly string[]
}

export const STATES: readonly StateFacts[] = [
  { code: 'AL', population: 5024, hispanic: 5, asian: 2, arabic: 0.2, cities: ['BIRMINGHAM', 'MONTGOMERY', 'HUNTSVILLE', 'MOBILE', 'TUSCALOOSA', 'HOOVER', 'DOTHAN', 'AUBURN'] },
  { code: 'AK', population: 733, hispanic: 7, asian: 7, arabic: 0.2, cities: ['ANCHORAGE', 'FAIRBANKS', 'JUNEAU', 'WASILLA', 'SITKA', 'KETCHIKAN'] },
  { code: 'AZ', population: 7152, hispanic: 31, asian: 4, arabic: 0.4, cities: ['PHOENIX', 'TUCSON', 'MESA', 'CHANDLER', 'GILBERT', 'GLENDALE', 'SCOTTSDALE', 'YUMA', 'FLAGSTAFF', 'TEMPE'] },
  { code: 'AR', population: 3012, hispanic: 8, asian: 2, arabic: 0.2, cities: ['LITTLE ROCK', 'FORT SMITH', 'FAYETTEVILLE', 'SPRINGDALE', 'JONESBORO', 'ROGERS', 'CONWAY'] },
  { code: 'CA', population: 39538, hispanic: 39, asian: 16, arabic: 0.8, cities: ['LOS ANGELES', 'SAN DIEGO', 'SAN JOSE', 'SAN FRANCISCO', 'FRESNO', 'SACRAMENTO', 'LONG BEACH', 'OAKLAND', 'BAKERSFIELD', 'ANAHEIM', 'SANTA ANA', 'RIVERSIDE', 'STOCKTON', 'CHULA VISTA', 'FONTANA', 'MODESTO', 'SALINAS', 'OXNARD', 'SAN BERNARDINO', 'EL CENTRO'] },
  { code: 'CO', population: 5774, hispanic: 22, asian: 4, arabic: 0.3, cities: ['DENVER', 'COLORADO SPRINGS', 'AURORA', 'FORT COLLINS', 'LAKEWOOD', 'PUEBLO', 'GREELEY', 'GRAND JUNCTION'] },
  { code: 'CT', population: 3606, hispanic: 17, asian: 5, arabic: 0.5, cities: ['BRIDGEPORT', 'NEW HAVEN', 'HARTFORD', 'STAMFORD', 'WATERBURY', 'NORWALK', 'DANBURY'] },
  { code: 'DE', population: 990, hispanic: 10, asian: 4, arabic: 0.3, cities: ['WILMINGTON', 'DOVER', 'NEWARK', 'MIDDLETOWN', 'GEORGETOWN'] },
  { code: 'DC', population: 690, hispanic: 11, asian: 5, arabic: 0.6, cities: ['WASHINGTON'] },
  { code: 'FL', population: 21538, hispanic: 26, asian: 3, arabic: 0.5, cities: ['JACKSONVILLE', 'MIAMI', 'TAMPA', 'ORLANDO', 'HIALEAH', 'ST PETERSBURG', 'FORT LAUDERDALE', 'TALLAHASSEE', 'HOMESTEAD', 'IMMOKALEE', 'KISSIMMEE', 'PENSACOLA'] },
  { code: 'GA', population: 10712, hispanic: 10, asian: 5, arabic: 0.4, cities: ['ATLANTA', 'AUGUSTA', 'COLUMBUS', 'SAVANNAH', 'MACON', 'ATHENS', 'DALTON', 'GAINESVILLE', 'NORCROSS'] },
  { code: 'HI', population: 1455, hispanic: 11, asian: 37, arabic: 0.1, cities: ['HONOLULU', 'HILO', 'KAILUA', 'PEARL CITY', 'WAIPAHU', 'KAHULUI'] },
  { code: 'ID', population: 1839, hispanic: 13, asian: 2, arabic: 0.2, cities: ['BOISE', 'MERIDIAN', 'NAMPA', 'IDAHO FALLS', 'POCATELLO', 'CALDWELL', 'TWIN FALLS'] },
  { code: 'IL', population: 12813, hispanic: 18, asian: 6, arabic: 0.8, cities: ['CHICAGO', 'AURORA', 'JOLIET', 'ROCKFORD', 'SPRINGFIELD', 'ELGIN', 'PEORIA', 'CICERO', 'WAUKEGAN'] },
  { code: 'IN', population: 6786, hispanic: 8, asian: 3, arabic: 0.3, cities: ['INDIANAPOLIS', 'FORT WAYNE', 'EVANSVILLE', 'SOUTH BEND', 'CARMEL', 'GARY', 'LAFAYETTE', 'BLOOMINGTON'] },
  { code: 'IA', population: 3190, hispanic: 6, asian: 3, arabic: 0.2, cities: ['DES MOINES', 'CEDAR RAPIDS', 'DAVENPORT', 'SIOUX CITY', 'IOWA CITY', 'WATERLOO', 'MARSHALLTOWN'] },
  { code: 'KS', population: 2938, hispanic: 13, asian: 3, arabic: 0.2, cities: ['WICHITA', 'OVERLAND PARK', 'KANSAS CITY', 'TOPEKA', 'OLATHE', 'DODGE CITY', 'GARDEN CITY', 'LIBERAL'] },
  { code: 'KY', population: 4506, hispanic: 5, asian: 2, arabic: 0.2, cities: ['LOUISVILLE', 'LEXINGTON', 'BOWLING GREEN', 'OWENSBORO', 'COVINGTON', 'RICHMOND'] },
  { code: 'LA', population: 4658, hispanic: 7, asian: 2, arabic: 0.3, cities: ['NEW ORLEANS', 'BATON ROUGE', 'SHREVEPORT', 'LAFAYETTE', 'LAKE CHARLES', 'KENNER', 'METAIRIE'] },
  { code: 'ME', population: 1362, hispanic: 2, asian: 1, arabic: 0.2, cities: ['PORTLAND', 'LEWISTON', 'BANGOR', 'SOUTH PORTLAND', 'AUBURN', 'BIDDEFORD'] },
  { code: 'MD', population: 6177, hispanic: 11, asian: 7, arabic: 0.5, cities: ['BALTIMORE', 'COLUMBIA', 'GERMANTOWN', 'SILVER SPRING', 'FREDERICK', 'GAITHERSBURG', 'ROCKVILLE', 'HYATTSVILLE'] },
  { code: 'MA', population: 7030, hispanic: 12, asian: 7, arabic: 0.7, cities: ['BOSTON', 'WORCESTER', 'SPRINGFIELD', 'LOWELL', 'CAMBRIDGE', 'LAWRENCE', 'CHELSEA', 'BROCKTON', 'NEW BEDFORD'] },
  { code: 'MI', population: 10077, hispanic: 6, asian: 3, arabic: 2.5, cities: ['DETROIT', 'GRAND RAPIDS', 'WARREN', 'STERLING HEIGHTS', 'ANN ARBOR', 'LANSING', 'DEARBORN', 'FLINT', 'HAMTRAMCK'] },
  { code: 'MN', population: 5706, hispanic: 6, asian: 5, arabic: 1, cities: ['MINNEAPOLIS', 'ST PAUL', 'ROCHESTER', 'DULUTH', 'BLOOMINGTON', 'WILLMAR', 'WORTHINGTON'] },
  { code: 'MS', population: 2961, hispanic: 3, asian: 1, arabic: 0.1, cities: ['JACKSON', 'GULFPORT', 'SOUTHAVEN', 'HATTIESBURG', 'BILOXI', 'MERIDIAN', 'FOREST'] },
  { code: 'MO', population: 6155, hispanic: 5, asian: 2, arabic: 0.2, cities: ['KANSAS CITY', 'ST LOUIS', 'SPRINGFIELD', 'COLUMBIA', 'INDEPENDENCE', 'JOPLIN'] },
  { code: 'MT', population: 1084, hispanic: 4, asian: 1, arabic: 0.1, cities: ['BILLINGS', 'MISSOULA', 'GREAT FALLS', 'BOZEMAN', 'BUTTE', 'HELENA'] },
  { code: 'NE', population: 1962, hispanic: 12, asian: 3, arabic: 0.2, cities: ['OMAHA', 'LINCOLN', 'GRAND ISLAND', 'KEARNEY', 'LEXINGTON', 'SCHUYLER'] },
  { code: 'NV', population: 3105, hispanic: 29, asian: 9, arabic: 0.4, cities: ['LAS VEGAS', 'HENDERSON', 'RENO', 'NORTH LAS VEGAS', 'SPARKS', 'CARSON CITY'] },
  { code: 'NH', population: 1378, hispanic: 4, asian: 3, arabic: 0.3, cities: ['MANCHESTER', 'NASHUA', 'CONCORD', 'DERRY', 'DOVER', 'ROCHESTER'] },
  { code: 'NJ', population: 9289, hispanic: 22, asian: 10, arabic: 1.2, cities: ['NEWARK', 'JERSEY CITY', 'PATERSON', 'ELIZABETH', 'TRENTON', 'CAMDEN', 'PASSAIC', 'UNION CITY', 'PERTH AMBOY', 'EDISON'] },
  { code: 'NM', population: 2118, hispanic: 47, asian: 2, arabic: 0.2, cities: ['ALBUQUERQUE', 'LAS CRUCES', 'RIO RANCHO', 'SANTA FE', 'ROSWELL', 'FARMINGTON', 'HOBBS'] },
  { code: 'NY', population: 20201, hispanic: 19, asian: 10, arabic: 0.9, cities: ['NEW YORK', 'BROOKLYN', 'BRONX', 'JAMAICA', 'FLUSHING', 'BUFFALO', 'ROCHESTER', 'YONKERS', 'SYRACUSE', 'ALBANY', 'STATEN ISLAND', 'HEMPSTEAD'] },
  { code: 'NC', population: 10439, hispanic: 10, asian: 3, arabic: 0.3, cities: ['CHARLOTTE', 'RALEIGH', 'GREENSBORO', 'DURHAM', 'WINSTON SALEM', 'FAYETTEVILLE', 'WILMINGTON', 'SILER CITY'] },
  { code: 'ND', population: 779, hispanic: 4, asian: 2, arabic: 0.2, cities: ['FARGO', 'BISMARCK', 'GRAND FORKS', 'MINOT', 'WILLISTON'] },
  { code: 'OH', population: 11799, hispanic: 4, asian: 3, arabic: 0.7, cities: ['COLUMBUS', 'CLEVELAND', 'CINCINNATI', 'TOLEDO', 'AKRON', 'DAYTON', 'PARMA', 'CANTON', 'YOUNGSTOWN'] },
  { code: 'OK', population: 3959, hispanic: 12, asian: 2, arabic: 0.2, cities: ['OKLAHOMA CITY', 'TULSA', 'NORMAN', 'BROKEN ARROW', 'LAWTON', 'GUYMON'] },
  { code: 'OR', population: 4237, hispanic: 14, asian: 5, arabic: 0.3, cities: ['PORTLAND', 'SALEM', 'EUGENE', 'GRESHAM', 'HILLSBORO', 'BEAVERTON', 'MEDFORD', 'WOODBURN'] },
  { code: 'PA', population: 13003, hispanic: 8, asian: 4, arabic: 0.4, cities: ['PHILADELPHIA', 'PITTSBURGH', 'ALLENTOWN', 'READING', 'ERIE', 'SCRANTON', 'LANCASTER', 'HAZLETON', 'HARRISBURG'] },
  { code: 'RI', population: 1097, hispanic: 17, asian: 4, arabic: 0.5, cities: ['PROVIDENCE', 'WARWICK', 'CRANSTON', 'PAWTUCKET', 'CENTRAL FALLS', 'WOONSOCKET'] },
  { code: 'SC', population: 5118, hispanic: 7, asian: 2, arabic: 0.2, cities: ['CHARLESTON', 'COLUMBIA', 'NORTH CHARLESTON', 'GREENVILLE', 'ROCK HILL', 'SPARTANBURG'] },
  { code: 'SD', population: 887, hispanic: 5, asian: 2, arabic: 0.1, cities: ['SIOUX FALLS', 'RAPID CITY', 'ABERDEEN', 'BROOKINGS', 'HURON'] },
  { code: 'TN', population: 6911, hispanic: 7, asian: 2, arabic: 0.4, cities: ['NASHVILLE', 'MEMPHIS', 'KNOXVILLE', 'CHATTANOOGA', 'CLARKSVILLE', 'MURFREESBORO', 'ANTIOCH'] },
  { code: 'TX', population: 29146, hispanic: 40, asian: 5, arabic: 0.5, cities: ['HOUSTON', 'SAN ANTONIO', 'DALLAS', 'AUSTIN', 'FORT WORTH', 'EL PASO', 'ARLINGTON', 'CORPUS CHRISTI', 'LAREDO', 'BROWNSVILLE', 'MCALLEN', 'PASADENA', 'IRVING', 'AMARILLO', 'LUBBOCK', 'HARLINGEN', 'PHARR'] },
  { code: 'UT', population: 3272, hispanic: 15, asian: 3, arabic: 0.2, cities: ['SALT LAKE CITY', 'WEST VALLEY CITY', 'PROVO', 'WEST JORDAN', 'OREM', 'OGDEN', 'ST GEORGE'] },
  { code: 'VT', population: 643, hispanic: 2, asian: 2, arabic: 0.1, cities: ['BURLINGTON', 'SOUTH BURLINGTON', 'RUTLAND', 'BARRE', 'MONTPELIER'] },
  { code: 'VA', population: 8631, hispanic: 10, asian: 7, arabic: 1, cities: ['VIRGINIA BEACH', 'NORFOLK', 'CHESAPEAKE', 'RICHMOND', 'ARLINGTON', 'ALEXANDRIA', 'MANASSAS', 'WOODBRIDGE', 'HARRISONBURG'] },
  { code: 'WA', population: 7705, hispanic: 13, asian: 10, arabic: 0.4, cities: ['SEATTLE', 'SPOKANE', 'TACOMA', 'VANCOUVER', 'BELLEVUE', 'KENT', 'YAKIMA', 'PASCO', 'WENATCHEE'] },
  { code: 'WV', population: 1794, hispanic: 2, asian: 1, arabic: 0.2, cities: ['CHARLESTON', 'HUNTINGTON', 'MORGANTOWN', 'PARKERSBURG', 'WHEELING'] },
  { code: 'WI', population: 5894, hispanic: 7, asian: 3, arabic: 0.3, cities: ['MILWAUKEE', 'MADISON', 'GREEN BAY', 'KENOSHA', 'RACINE', 'APPLETON', 'WAUKESHA'] },
  { code: 'WY', population: 577, hispanic: 10, asian: 1, arabic: 0.1, cities: ['CHEYENNE', 'CASPER', 'LARAMIE', 'GILLETTE', 'ROCK SPRINGS'] },
  { code: 'PR', population: 3286, hispanic: 99, asian: 0.1, arabic: 0.05, cities: ['SAN JUAN', 'BAYAMON', 'CAROLINA', 'PONCE', 'CAGUAS', 'GUAYNABO', 'MAYAGUEZ', 'ARECIBO'] },
]

/** Common US street names (besides numbered streets and surname streets), roughly by frequency. */
export const STREET_NAMES: readonly string[] = [
  'MAIN', 'OAK', 'PINE', 'MAPLE', 'CEDAR', 'ELM', 'WASHINGTON', 'LAKE', 'HILL', 'PARK', 'WALNUT', 'SUNSET',
  'LINCOLN', 'JACKSON', 'CHURCH', 'HIGHLAND', 'FRANKLIN', 'RIDGE', 'MILL', 'CHESTNUT', 'SPRING', 'WILLOW',
  'MEADOW', 'FOREST', 'JEFFERSON', 'MADISON', 'RIVER', 'CENTER', 'SPRUCE', 'DOGWOOD', 'HICKORY', 'BIRCH',
  'MAGNOLIA', 'CHERRY', 'LAUREL', 'SYCAMORE', 'ASPEN', 'COLLEGE', 'SCHOOL', 'MARKET', 'UNION', 'BROADWAY',
  'BROAD', 'HIGH', 'WATER', 'FRONT', 'BRIDGE', 'GRAND', 'ADAMS', 'MONROE', 'KENNEDY', 'KING',
  'MARTIN LUTHER KING JR', 'LAFAYETTE', 'VALLEY', 'PLEASANT', 'ORCHARD', 'GREEN', 'SUNRISE', 'COUNTRY CLUB',
  'PROSPECT', 'WOODLAND', 'LAKEVIEW', 'HILLCREST', 'FAIRVIEW', 'RIVERSIDE', 'CANYON', 'MESA', 'DESERT',
  'PALM', 'OCEAN', 'BAY', 'HARBOR', 'MOUNTAIN VIEW', 'EVERGREEN', 'CYPRESS', 'POPLAR', 'JUNIPER', 'HOLLY',
  'VINE', 'ROSE', 'LIBERTY', 'INDEPENDENCE', 'STATE', 'CENTRAL', 'COMMERCE', 'INDUSTRIAL', 'AIRPORT',
  'RAILROAD', 'DEPOT', 'ACADEMY', 'COURT', 'OLD MILL', 'FOX RUN', 'DEER CREEK', 'QUAIL', 'EAGLE', 'CARDINAL',
]

/** Spanish street names, used in the South-West and with CALLE/AVENIDA in Puerto Rico. */
export const SPANISH_STREET_NAMES: readonly string[] = [
  'EL CAMINO REAL', 'LAS PALMAS', 'SANTA FE', 'DEL MAR', 'LOMA VISTA', 'MIRADOR', 'SAN PEDRO', 'LA PAZ',
  'LOS ROBLES', 'SAN JUAN', 'SANTA ROSA', 'ALAMEDA', 'DEL SOL', 'LAS FLORES', 'BUENA VISTA', 'SAN MIGUEL',
  'LOS ALAMOS', 'EL PASEO', 'DE DIEGO', 'PONCE DE LEON', 'LUNA', 'SOL', 'FORTALEZA', 'LOIZA',
]

/** Street suffixes by USPS standard abbreviation, with rough shares of US street segments. */
export const STREET_SUFFIXES: readonly (readonly [string, number])[] = [
  ['ST', 30], ['AVE', 20], ['DR', 14], ['RD', 12], ['LN', 6], ['CT', 5], ['BLVD', 4], ['WAY', 4], ['PL', 3],
  ['CIR', 3], ['TRL', 1], ['PKWY', 1], ['TER', 1], ['LOOP', 1], ['PIKE', 0.3], ['RUN', 0.3], ['SQ', 0.2],
  ['PATH', 0.2], ['ROW', 0.2], ['XING', 0.1], ['ALY', 0.1],
]

/** Secondary unit designators (USPS Pub. 28 C2) with rough shares. */
export const UNIT_DESIGNATORS: readonly (readonly [string, number])[] = [
  ['APT', 70], ['UNIT', 12], ['#', 8], ['STE', 3], ['LOT', 3], ['TRLR', 2], ['RM', 1], ['BLDG', 1],
]

/** Detention and correctional facility names that requests give with no location at all. */
export const FACILITY_NAMES: readonly string[] = [
  'COUNTY DETENTION CENTER', 'ICE PROCESSING CENTER', 'DETENTION FACILITY', 'COUNTY JAIL', 'CORRECTIONAL CENTER',
  'FEDERAL DETENTION CENTER', 'SERVICE PROCESSING CENTER', 'STATE PRISON', 'CORRECTIONAL INSTITUTION',
  'IMMIGRATION DETENTION CENTER', 'COUNTY CORRECTIONAL FACILITY', 'REGIONAL JAIL', 'CONTRACT DETENTION FACILITY',
]
