// Plural categories as data for the languages Node's ICU has no rules for. CLDR gives none for
// Quechua, Aymara or Guaraní: in all three a noun after a numeral keeps its singular form
// ("kimsa p'unchaw", "kimsa uru", "mbohapy ára"), so every number is `other`, as CLDR writes
// for languages without plural inflection (Japanese, Indonesian). Messages in these languages
// need only the `other` branch; the country team may refine a rule here, with its test.
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
export type PluralRule = (n: number) => PluralCategory;

export const PLURAL_RULES: Record<string, PluralRule> = {
  qu: () => 'other',
  ay: () => 'other',
  gn: () => 'other',
};

/** An `Intl.PluralRules` look-alike for intl-messageformat, from the data above. */
export function pluralRulesFor(language: string): Intl.PluralRules | undefined {
  const rule = PLURAL_RULES[language];
  if (!rule) return undefined;
  const categories = [...new Set([0, 1, 2, 3, 5, 11, 100].map(rule))];
  return {
    select: (n: number) => rule(n),
    resolvedOptions: () => ({ locale: language, pluralCategories: categories, type: 'cardinal', minimumIntegerDigits: 1, minimumFractionDigits: 0, maximumFractionDigits: 3 }),
    selectRange: (_start: number, end: number) => rule(end),
  } as unknown as Intl.PluralRules;
}
