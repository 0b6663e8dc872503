// URL-safe addresses made from a name (a procedure's, a consultation's): lower case, accents
// dropped, every other run of characters a hyphen, at most 80 characters. Empty when the name
// has no letter or digit: each caller says what it falls back to.
export function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
