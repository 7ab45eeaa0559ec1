/**
 * @module standardize/text
 * Text folding shared by the name and address standardizers.
 */
export { foldName, toAscii } from './fold-name.js'
