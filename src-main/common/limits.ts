/**
 * Size limits shared by every host and layer, so the importer, the store and
 * the API agree on what an article may be.
 */

/**
 * Longest canonical article text, in UTF-16 code units: about 1,000 printed
 * pages of Chinese. Importers refuse longer documents before building them;
 * the store refuses them at its boundary.
 */
export const MAX_ARTICLE_CHARS = 2_000_000;

/** Largest file the importers read, in bytes. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
